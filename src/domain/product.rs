//! Products (消费扶贫): what poor households grow and make, sold by the household itself or by an
//! enterprise or social organization whose product its county certifies (扶贫产品认定). The lifecycle
//! is one table: every change asks [`next`]; anything the table does not allow changes nothing.

use super::access::{Access, Actor};
use super::state_table;
pub use super::state_table::TransitionError;
use super::string_enum::string_enum;
use super::RegionCode;
use uuid::Uuid;

string_enum!(ProductStatus {
    PendingCertification => "pending_certification",
    Listed => "listed",
    Delisted => "delisted",
    Rejected => "rejected",
});

string_enum!(
    /// What a product is: the produce of Lushi and its neighbours, and handicraft.
    ProductCategory {
        Grain => "grain",
        FruitVegetables => "fruit_vegetables",
        Mushrooms => "mushrooms",
        Nuts => "nuts",
        Herbs => "herbs",
        MeatEggs => "meat_eggs",
        Tea => "tea",
        Handicraft => "handicraft",
        Other => "other",
    }
);

impl ProductStatus {
    /// Anyone may see a listed product; the seller and officials in scope see it in every status.
    pub fn is_public(self) -> bool {
        self == Self::Listed
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductAction {
    /// An official of the seller's county certifies the product: it is listed.
    Certify,
    /// An official of the seller's county refuses it, with a reason.
    Reject,
    /// The seller changes what certification covers (title, description, price, category, unit,
    /// region, households helped): it goes (back) to certification.
    Edit,
    /// The seller changes the stock only: the status stays.
    EditStock,
    /// The seller takes the product off sale.
    Delist,
}

impl ProductAction {
    pub const ALL: [ProductAction; 5] = [
        Self::Certify,
        Self::Reject,
        Self::Edit,
        Self::EditStock,
        Self::Delist,
    ];

    pub fn past_tense(self) -> &'static str {
        match self {
            Self::Certify => "certified",
            Self::Reject => "rejected",
            Self::Edit => "edited",
            Self::EditStock => "restocked",
            Self::Delist => "delisted",
        }
    }
}

/// Who acts, relative to the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductParty {
    /// The seller's own account.
    Seller,
    /// An official whose jurisdiction covers the seller's county.
    Certifier,
}

impl ProductParty {
    pub const ALL: [ProductParty; 2] = [Self::Seller, Self::Certifier];
}

/// (from, action, to, who may do it)
const TABLE: &[(ProductStatus, ProductAction, ProductStatus, &[ProductParty])] = {
    use ProductAction::*;
    use ProductParty::*;
    use ProductStatus::*;
    &[
        (PendingCertification, Certify, Listed, &[Certifier]),
        (PendingCertification, Reject, Rejected, &[Certifier]),
        (PendingCertification, Edit, PendingCertification, &[Seller]),
        (Listed, Edit, PendingCertification, &[Seller]),
        (Rejected, Edit, PendingCertification, &[Seller]),
        (Delisted, Edit, PendingCertification, &[Seller]),
        (
            PendingCertification,
            EditStock,
            PendingCertification,
            &[Seller],
        ),
        (Listed, EditStock, Listed, &[Seller]),
        (Rejected, EditStock, Rejected, &[Seller]),
        (Delisted, EditStock, Delisted, &[Seller]),
        (PendingCertification, Delist, Delisted, &[Seller]),
        (Listed, Delist, Delisted, &[Seller]),
        (Rejected, Delist, Delisted, &[Seller]),
    ]
};

/// The state after `action` by `party` from `from`.
pub fn next(
    from: ProductStatus,
    action: ProductAction,
    party: ProductParty,
) -> Result<ProductStatus, TransitionError> {
    state_table::next(TABLE, from, action, party)
}

/// The caller's part in a product: its seller's account, or an official whose jurisdiction covers
/// the seller's county (county level and above: a township's officials do not certify).
pub fn party_of(actor: &Actor, seller_id: Uuid, county: &RegionCode) -> Option<ProductParty> {
    match actor {
        a if a.user_id() == Some(seller_id) => Some(ProductParty::Seller),
        a if a.is_official_for(county) => Some(ProductParty::Certifier),
        _ => None,
    }
}

/// Who sees a product: anyone once listed; before, and after, its seller, the officials whose
/// jurisdiction covers its county or its region, and admins. Everyone else: it does not exist.
pub fn access(
    actor: &Actor,
    seller_id: Uuid,
    county: &RegionCode,
    region: &RegionCode,
    status: ProductStatus,
) -> Access {
    if party_of(actor, seller_id, county).is_some() {
        Access::Manage
    } else if status.is_public()
        || actor.is_official_for(region)
        || matches!(actor, Actor::Admin { .. })
    {
        Access::Read
    } else {
        Access::Hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProductAction::*;
    use ProductParty::*;
    use ProductStatus::*;

    /// The whole table spelled out: every status × action × party, and what it gives.
    #[test]
    fn every_status_action_and_party() {
        let expected = |from: ProductStatus,
                        action: ProductAction,
                        party: ProductParty|
         -> Result<ProductStatus, TransitionError> {
            match (party, action) {
                (Certifier, Certify) => match from {
                    PendingCertification => Ok(Listed),
                    _ => Err(TransitionError::Invalid),
                },
                (Certifier, Reject) => match from {
                    PendingCertification => Ok(Rejected),
                    _ => Err(TransitionError::Invalid),
                },
                (Seller, Edit) => Ok(PendingCertification),
                (Seller, EditStock) => Ok(from),
                (Seller, Delist) => match from {
                    Delisted => Err(TransitionError::Invalid),
                    _ => Ok(Delisted),
                },
                _ => Err(TransitionError::NotYours),
            }
        };
        let mut cases = 0;
        for from in ProductStatus::ALL {
            for action in ProductAction::ALL {
                for party in ProductParty::ALL {
                    assert_eq!(
                        next(*from, action, party),
                        expected(*from, action, party),
                        "{from} {action:?} by {party:?}"
                    );
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 4 * 5 * 2);
    }

    #[test]
    fn only_listed_products_are_public() {
        let public: Vec<_> = ProductStatus::ALL
            .iter()
            .filter(|s| s.is_public())
            .collect();
        assert_eq!(public, [&Listed]);
    }

    #[test]
    fn who_sees_and_who_acts() {
        use super::super::{Jurisdiction, Role};
        let code = |s: &str| RegionCode::parse(s).unwrap();
        let (county, village) = (code("411224"), code("411224101200"));
        let seller = Uuid::new_v4();
        let official = |j: &str| Actor::Official {
            user_id: Uuid::new_v4(),
            jurisdiction: Jurisdiction::new(code(j)),
        };
        let own = Actor::Household {
            user_id: seller,
            household_id: Uuid::new_v4(),
        };
        let donor = Actor::Supporter {
            user_id: Uuid::new_v4(),
            role: Role::Donor,
        };
        let admin = Actor::Admin {
            user_id: Uuid::new_v4(),
        };
        let cases = [
            (&own, Some(Seller), Access::Manage, Access::Manage),
            (
                &official("411224"),
                Some(Certifier),
                Access::Manage,
                Access::Manage,
            ),
            (
                &official("4112"),
                Some(Certifier),
                Access::Manage,
                Access::Manage,
            ),
            (&official("411224101"), None, Access::Read, Access::Read),
            (&official("411221"), None, Access::Hidden, Access::Read),
            (&donor, None, Access::Hidden, Access::Read),
            (&admin, None, Access::Read, Access::Read),
            (&Actor::Anonymous, None, Access::Hidden, Access::Read),
        ];
        for (actor, party, pending, listed) in cases {
            assert_eq!(party_of(actor, seller, &county), party, "{actor:?}");
            for (status, want) in [
                (PendingCertification, pending),
                (Rejected, pending),
                (Delisted, pending),
                (Listed, listed),
            ] {
                assert_eq!(
                    access(actor, seller, &county, &village, status),
                    want,
                    "{actor:?} {status}"
                );
            }
        }
    }
}
