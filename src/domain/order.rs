//! Orders of products: `placed` → `paid` (recorded by the seller: payment happens outside the
//! platform) → `shipped` → `received` (by the buyer, with a rating and a review); also `cancelled`
//! and `expired`. Every move asks [`next`]. The delivery details (name, phone, address) are for the
//! buyer and the seller only, and are erased [`DELIVERY_RETENTION_DAYS`] after the order ends.

use super::access::Actor;
use super::state_table;
pub use super::state_table::TransitionError;
use super::string_enum::string_enum;
use super::text;
use super::RegionCode;
use crate::error::FieldError;
use uuid::Uuid;

string_enum!(OrderStatus {
    Placed => "placed",
    Paid => "paid",
    Shipped => "shipped",
    Received => "received",
    Cancelled => "cancelled",
    Expired => "expired",
});

impl OrderStatus {
    /// An order in these statuses is over: its delivery details are erased after the retention.
    pub const ENDED: [OrderStatus; 3] = [Self::Received, Self::Cancelled, Self::Expired];

    /// Orders counted as sales in public figures and supporters' contributions: paid at least.
    pub const SOLD: [OrderStatus; 3] = [Self::Paid, Self::Shipped, Self::Received];

    /// Orders waiting for a step that has a deadline: the payment, or the shipping.
    pub const EXPIRABLE: [OrderStatus; 2] = [Self::Placed, Self::Paid];

    pub fn has_ended(self) -> bool {
        Self::ENDED.contains(&self)
    }
}

/// Days after an order ends when its delivery name, phone and address are erased.
pub const DELIVERY_RETENTION_DAYS: i64 = 90;
/// Units in one order: 1 to 10,000.
pub const QUANTITY: std::ops::RangeInclusive<i64> = 1..=10_000;
/// Delivery name: 1–30 characters.
pub const NAME_CHARS: (usize, usize) = (1, 30);
/// Delivery phone: 7–20 characters of digits, spaces, `+` and `-`.
pub const PHONE_CHARS: (usize, usize) = (7, 20);
/// Delivery address: 5–200 characters.
pub const ADDRESS_CHARS: (usize, usize) = (5, 200);
/// The buyer's note, the review, a cancellation's reason: up to 500 characters.
pub const NOTE_CHARS: (usize, usize) = (0, 500);
/// A tracking reference: 1–100 characters.
pub const TRACKING_CHARS: (usize, usize) = (1, 100);
/// A rating: 1 to 5.
pub const RATING: std::ops::RangeInclusive<i64> = 1..=5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderAction {
    Pay,
    Ship,
    Receive,
    Cancel,
    Expire,
}

impl OrderAction {
    pub const ALL: [OrderAction; 5] = [
        Self::Pay,
        Self::Ship,
        Self::Receive,
        Self::Cancel,
        Self::Expire,
    ];

    pub fn past_tense(self) -> &'static str {
        match self {
            Self::Pay => "marked paid",
            Self::Ship => "shipped",
            Self::Receive => "received",
            Self::Cancel => "cancelled",
            Self::Expire => "expired",
        }
    }

    /// Whether the order's units go back to the product's stock.
    pub fn returns_stock(self) -> bool {
        matches!(self, Self::Cancel | Self::Expire)
    }
}

/// Who acts, relative to the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderParty {
    Buyer,
    Seller,
    /// An official whose jurisdiction covers the product's region: reads, never acts.
    Official,
    /// A job (expiry).
    System,
}

impl OrderParty {
    pub const ALL: [OrderParty; 4] = [Self::Buyer, Self::Seller, Self::Official, Self::System];
}

/// (from, action, to, who may do it)
const TABLE: &[(OrderStatus, OrderAction, OrderStatus, &[OrderParty])] = {
    use OrderAction::*;
    use OrderParty::*;
    use OrderStatus::*;
    &[
        (Placed, Pay, Paid, &[Seller]),
        (Paid, Ship, Shipped, &[Seller]),
        (Shipped, Receive, Received, &[Buyer]),
        (Placed, Cancel, Cancelled, &[Buyer, Seller]),
        (Paid, Cancel, Cancelled, &[Seller]),
        (Placed, Expire, Expired, &[System]),
        (Paid, Expire, Expired, &[System]),
    ]
};

/// The state after `action` by `party` from `from`.
pub fn next(
    from: OrderStatus,
    action: OrderAction,
    party: OrderParty,
) -> Result<OrderStatus, TransitionError> {
    state_table::next(TABLE, from, action, party)
}

/// Where and to whom the goods go. Seen by the buyer and the seller only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub name: String,
    pub phone: String,
    pub address: String,
}

/// Checks the delivery details, adding one error per violation (fields `delivery.name`, …).
pub fn parse_delivery(
    name: &str,
    phone: &str,
    address: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Delivery> {
    let before = errors.len();
    let mut field = |f: &str, v: &str, limits: (usize, usize)| {
        text::bounded(v, limits.0, limits.1)
            .map_err(|(c, m)| errors.push(FieldError::new(f, c, m)))
            .ok()
    };
    let name = field("delivery.name", name, NAME_CHARS);
    let address = field("delivery.address", address, ADDRESS_CHARS);
    let phone = field("delivery.phone", phone, PHONE_CHARS);
    let phone = phone.filter(|p| {
        let ok = p
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-'))
            && p.chars().filter(char::is_ascii_digit).count() >= 7;
        if !ok {
            errors.push(FieldError::new(
                "delivery.phone",
                "invalid_phone",
                "a phone number: digits, spaces, + and -",
            ));
        }
        ok
    });
    if errors.len() > before {
        return None;
    }
    Some(Delivery {
        name: name?,
        phone: phone?,
        address: address?,
    })
}

/// The caller's part in an order: its buyer, its seller, or an official whose jurisdiction covers
/// the product's region (who reads it without the delivery details). Nobody else sees it.
pub fn party_of(
    actor: &Actor,
    buyer_id: Uuid,
    seller_id: Uuid,
    region: &RegionCode,
) -> Option<OrderParty> {
    match actor {
        a if a.user_id() == Some(buyer_id) => Some(OrderParty::Buyer),
        a if a.user_id() == Some(seller_id) => Some(OrderParty::Seller),
        a if a.is_official_for(region) => Some(OrderParty::Official),
        _ => None,
    }
}

impl OrderParty {
    /// The delivery name, phone and address are for the buyer and the seller only.
    pub fn sees_delivery(self) -> bool {
        matches!(self, Self::Buyer | Self::Seller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderAction::*;
    use OrderParty::*;
    use OrderStatus::*;

    /// The whole table spelled out: every status × action × party.
    #[test]
    fn every_status_action_and_party() {
        use TransitionError::{Invalid, NotYours};
        let expected = |from: OrderStatus,
                        action: OrderAction,
                        party: OrderParty|
         -> Result<OrderStatus, TransitionError> {
            match (action, party) {
                (Pay, Seller) => (from == Placed).then_some(Paid).ok_or(Invalid),
                (Ship, Seller) => (from == Paid).then_some(Shipped).ok_or(Invalid),
                (Receive, Buyer) => (from == Shipped).then_some(Received).ok_or(Invalid),
                (Cancel, Buyer) => (from == Placed).then_some(Cancelled).ok_or(Invalid),
                (Cancel, Seller) => matches!(from, Placed | Paid)
                    .then_some(Cancelled)
                    .ok_or(Invalid),
                (Expire, System) => matches!(from, Placed | Paid)
                    .then_some(Expired)
                    .ok_or(Invalid),
                _ => Err(NotYours),
            }
        };
        let mut cases = 0;
        for from in OrderStatus::ALL {
            for action in OrderAction::ALL {
                for party in OrderParty::ALL {
                    assert_eq!(
                        next(*from, action, party),
                        expected(*from, action, party),
                        "{from} {action:?} by {party:?}"
                    );
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 6 * 5 * 4);
        // Officials read orders; they never move one.
        for action in OrderAction::ALL {
            assert_eq!(next(Placed, action, Official), Err(NotYours));
        }
        // Ended orders go nowhere.
        for from in OrderStatus::ENDED {
            for action in OrderAction::ALL {
                for party in OrderParty::ALL {
                    assert!(next(from, action, party).is_err());
                }
            }
        }
    }

    #[test]
    fn stock_goes_back_on_cancel_and_expiry_only() {
        let back: Vec<_> = OrderAction::ALL
            .into_iter()
            .filter(|a| a.returns_stock())
            .collect();
        assert_eq!(back, [Cancel, Expire]);
    }

    #[test]
    fn delivery_details_are_checked_together() {
        let mut errors = Vec::new();
        let d = parse_delivery(
            " 陈女士 ",
            "138-1234-5678",
            "河南省三门峡市湖滨区某路 1 号",
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(d.map(|d| d.name), Some("陈女士".to_owned()));
        let mut errors = Vec::new();
        assert!(parse_delivery("", "call me", "近", &mut errors).is_none());
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("delivery.name", "length"),
                ("delivery.address", "length"),
                ("delivery.phone", "invalid_phone")
            ]
        );
    }

    #[test]
    fn buyer_and_seller_see_the_delivery_officials_in_scope_see_the_rest() {
        use super::super::{Jurisdiction, Role};
        let code = |s: &str| RegionCode::parse(s).unwrap();
        let village = code("411224101200");
        let (buyer, seller) = (Uuid::new_v4(), Uuid::new_v4());
        let user = |id| Actor::Supporter {
            user_id: id,
            role: Role::Donor,
        };
        let official = |j: &str| Actor::Official {
            user_id: Uuid::new_v4(),
            jurisdiction: Jurisdiction::new(code(j)),
        };
        let admin = Actor::Admin {
            user_id: Uuid::new_v4(),
        };
        let cases = [
            (user(buyer), Some(Buyer)),
            (user(seller), Some(Seller)),
            (official("411224101"), Some(Official)),
            (official("41"), Some(Official)),
            (official("411221"), None),
            (user(Uuid::new_v4()), None),
            (admin, None),
            (Actor::Anonymous, None),
        ];
        for (actor, want) in cases {
            assert_eq!(party_of(&actor, buyer, seller, &village), want, "{actor:?}");
        }
        let seeing: Vec<_> = OrderParty::ALL
            .into_iter()
            .filter(|p| p.sees_delivery())
            .collect();
        assert_eq!(seeing, [Buyer, Seller]);
    }
}
