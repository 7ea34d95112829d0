//! Needs: what a household asks for, with its categories, urgencies and lifecycle.

use super::string_enum::string_enum;

string_enum!(
    /// The "two no-worries, three guarantees" (两不愁三保障), drinking water, and work.
    Category {
        FoodClothing => "food_clothing",
        Education => "education",
        Medical => "medical",
        Housing => "housing",
        DrinkingWater => "drinking_water",
        Production => "production",
        Employment => "employment",
        Care => "care",
        Other => "other",
    }
);

string_enum!(Urgency { Normal => "normal", Urgent => "urgent", Critical => "critical" });

string_enum!(NeedStatus {
    PendingReview => "pending_review",
    Open => "open",
    FullyPledged => "fully_pledged",
    Fulfilled => "fulfilled",
    Rejected => "rejected",
    Withdrawn => "withdrawn",
    Expired => "expired",
});

/// The quantity of a need, a pledge or an offer: 1 to 1,000,000 units.
pub const QUANTITY: std::ops::RangeInclusive<i64> = 1..=1_000_000;

impl Category {
    /// The words a searcher uses for the category or its kind of help (医疗 for every medical need):
    /// the engines search them below the title, the description and the place names.
    pub fn search_words(self) -> &'static str {
        match self {
            Self::FoodClothing => "吃穿 衣食 温饱 口粮",
            Self::Education => "教育 助学 上学 读书",
            Self::Medical => "医疗 看病 就医 治病",
            Self::Housing => "住房 安居 房屋",
            Self::DrinkingWater => "饮水 吃水 饮用水",
            Self::Production => "生产 产业 发展生产",
            Self::Employment => "就业 务工 培训",
            Self::Care => "照护 照料 关爱",
            Self::Other => "其他",
        }
    }
}

/// The message of a quantity outside [`QUANTITY`].
pub const QUANTITY_MESSAGE: &str = "a quantity is 1 to 1,000,000";

impl NeedStatus {
    /// Public needs are visible to everyone and searchable.
    pub const PUBLIC: [NeedStatus; 3] = [Self::Open, Self::FullyPledged, Self::Fulfilled];

    /// Active needs still ask for something or are being reviewed (duplicate checks look at these).
    pub const ACTIVE: [NeedStatus; 3] = [Self::PendingReview, Self::Open, Self::FullyPledged];

    /// Needs that expire when their deadline passes: still in review or still taking pledges.
    pub const EXPIRABLE: [NeedStatus; 2] = [Self::PendingReview, Self::Open];

    /// A need can be withdrawn until it is done with; pledges (counted separately) must be none.
    pub const WITHDRAWABLE: [NeedStatus; 3] = [Self::PendingReview, Self::Open, Self::Rejected];

    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }

    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }

    /// The poster may still change the text while it is being reviewed or after a rejection.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::PendingReview | Self::Rejected)
    }

    pub fn is_withdrawable(self) -> bool {
        Self::WITHDRAWABLE.contains(&self)
    }
}

string_enum!(HardshipCause {
    Illness => "illness",
    Disability => "disability",
    SchoolingCosts => "schooling_costs",
    LackOfLabour => "lack_of_labour",
    LackOfSkills => "lack_of_skills",
    LackOfFunds => "lack_of_funds",
    Disaster => "disaster",
    Other => "other",
});

string_enum!(
    /// 建档立卡 registered poor, 边缘户 marginal, 监测户 monitored for relapse.
    MonitoringStatus {
        RegisteredPoor => "registered_poor",
        Marginal => "marginal",
        Monitored => "monitored",
        None => "none",
    }
);

/// A public label for a household that identifies no one: `某户 · 7F3A`, stable per household.
pub fn household_label(household_id: uuid::Uuid) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"bangfu:household-label:")
        .chain_update(household_id.as_bytes())
        .finalize();
    format!("某户 · {:02X}{:02X}", digest[0], digest[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_rules() {
        assert!(NeedStatus::Open.is_public() && NeedStatus::Fulfilled.is_public());
        assert!(!NeedStatus::PendingReview.is_public() && !NeedStatus::Rejected.is_public());
        assert!(NeedStatus::Rejected.is_editable() && !NeedStatus::Open.is_editable());
        assert!(!NeedStatus::Fulfilled.is_withdrawable());
    }

    #[test]
    fn label_is_stable_and_anonymous() {
        let id = uuid::Uuid::new_v4();
        assert_eq!(household_label(id), household_label(id));
        assert!(household_label(id).starts_with("某户 · "));
        assert_eq!(household_label(id).chars().count(), 9);
    }
}
