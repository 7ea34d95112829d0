//! Two people for every decision about one household's help (API.md, "Accountability"): an official
//! never decides on what it put in motion itself. Whoever posted a need does not review it; whoever
//! approved a pledge does not confirm its receipt; whoever decided about a need or a pledge does not
//! answer the complaint about it. The decision goes to another official in scope. Pure rules: the
//! callers load who did what, and the queues use the same rules to hide what an official may not
//! decide.

use uuid::Uuid;

/// A decision an official is about to take, with who took the earlier steps it rests on.
#[derive(Debug, Clone, Copy)]
pub enum Decision<'a> {
    /// Reviewing a need (approve or reject): a self-posted need gets no second look either way, so
    /// both are left to another official (the poster may still withdraw it).
    ReviewNeed { posted_by: Uuid },
    /// Confirming that a pledge's help arrived; `approved_by` is the official who approved it.
    ConfirmReceipt { approved_by: Option<Uuid> },
    /// Answering a complaint; `decided_by` are the officials who reviewed the need or approved,
    /// rejected or confirmed the pledge it is about.
    AnswerComplaint { decided_by: &'a [Uuid] },
    /// Certifying a product (扶贫产品认定), either way; `registered_by` is the official who
    /// registered the seller (a household's profile) or verified it (an organization), `listed_by`
    /// whoever put the product up (an official, when it listed it for a household).
    CertifyProduct {
        registered_by: Option<Uuid>,
        listed_by: Uuid,
    },
    /// Reviewing a story of help before it is public; `written_by` is the official who wrote it.
    ReviewStory { written_by: Uuid },
    /// Recording a household's spoken consent to a story; `written_by` is the official who wrote
    /// it: the writer's word that the household agreed is not the household's, so another official
    /// records it (the household may still consent itself in the app).
    RecordSpokenConsent { written_by: Uuid },
    /// Approving or rejecting a crowdfunding project (扶贫众筹); `proposed_by` is the official who
    /// proposed it.
    ReviewProject { proposed_by: Uuid },
    /// Publishing or withholding a spending's receipt image; `proposed_by` is the official who
    /// proposed the project (the host's users are no officials and never review).
    ReviewSpendingReceipt { proposed_by: Uuid },
    /// Confirming an official's request to cancel a project that received money;
    /// `requested_by` is the official who asked.
    ConfirmCancel { requested_by: Uuid },
}

impl Decision<'_> {
    /// Why `official` may not take this decision, or `None` when it may.
    pub fn refusal(&self, official: Uuid) -> Option<&'static str> {
        match self {
            Decision::ReviewNeed { posted_by } if *posted_by == official => {
                Some("you posted this need: another official reviews it")
            }
            Decision::ConfirmReceipt { approved_by } if *approved_by == Some(official) => {
                Some("you approved this pledge: the household or another official confirms it")
            }
            Decision::AnswerComplaint { decided_by } if decided_by.contains(&official) => {
                Some("the complaint is about your own decision: another official answers it")
            }
            Decision::CertifyProduct {
                registered_by,
                listed_by,
            } if *registered_by == Some(official) || *listed_by == official => Some(
                "you registered this seller or listed this product: another official certifies it",
            ),
            Decision::ReviewStory { written_by } if *written_by == official => {
                Some("you wrote this story: another official reviews it")
            }
            Decision::RecordSpokenConsent { written_by } if *written_by == official => Some(
                "you wrote this story: another official records the household's spoken consent",
            ),
            Decision::ReviewProject { proposed_by } if *proposed_by == official => {
                Some("you proposed this project: another official of the county reviews it")
            }
            Decision::ReviewSpendingReceipt { proposed_by } if *proposed_by == official => Some(
                "you proposed this project: another official of the county reviews its receipts",
            ),
            Decision::ConfirmCancel { requested_by } if *requested_by == official => {
                Some("you asked to cancel this project: another official of the county confirms it")
            }
            _ => None,
        }
    }

    /// Whether `official` may take this decision (what the queues offer).
    pub fn allows(&self, official: Uuid) -> bool {
        self.refusal(official).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_poster_does_not_review_its_need() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let d = Decision::ReviewNeed { posted_by: a };
        assert!(d.refusal(a).is_some());
        assert!(d.allows(b));
    }

    #[test]
    fn the_approver_does_not_confirm_receipt() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let d = Decision::ConfirmReceipt {
            approved_by: Some(a),
        };
        assert!(!d.allows(a));
        assert!(d.allows(b));
        // A pledge nobody approved (none in practice) binds nobody.
        assert!(Decision::ConfirmReceipt { approved_by: None }.allows(a));
    }

    #[test]
    fn nobody_answers_a_complaint_about_its_own_decision() {
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let deciders = [a, b];
        let d = Decision::AnswerComplaint {
            decided_by: &deciders,
        };
        assert!(!d.allows(a));
        assert!(!d.allows(b));
        assert!(d.allows(c));
        assert!(Decision::AnswerComplaint { decided_by: &[] }.allows(a));
    }

    #[test]
    fn the_proposer_does_not_review_its_project() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let d = Decision::ReviewProject { proposed_by: a };
        assert!(!d.allows(a));
        assert!(d.allows(b));
    }

    #[test]
    fn nobody_certifies_a_product_of_a_seller_it_registered_or_listed() {
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let d = Decision::CertifyProduct {
            registered_by: Some(a),
            listed_by: b,
        };
        assert!(!d.allows(a));
        assert!(!d.allows(b));
        assert!(d.allows(c));
        let own = Decision::CertifyProduct {
            registered_by: None,
            listed_by: b,
        };
        assert!(own.allows(a) && !own.allows(b));
    }

    #[test]
    fn the_writer_does_not_review_its_story() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let d = Decision::ReviewStory { written_by: a };
        assert!(!d.allows(a));
        assert!(d.allows(b));
    }

    #[test]
    fn the_writer_does_not_record_spoken_consent_to_its_story() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let d = Decision::RecordSpokenConsent { written_by: a };
        assert!(!d.allows(a));
        assert!(d.allows(b));
    }

    #[test]
    fn the_proposer_does_not_review_receipts_and_the_asker_does_not_confirm() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let d = Decision::ReviewSpendingReceipt { proposed_by: a };
        assert!(!d.allows(a));
        assert!(d.allows(b));
        let c = Decision::ConfirmCancel { requested_by: a };
        assert!(!c.allows(a));
        assert!(c.allows(b));
    }
}
