//! How a project is shown: the page with its budget and public ledger (pledges with masked
//! supporter labels, receipts, spending with the receipt image's URL, refunds), and a summary for
//! lists. No personal name of an individual reaches these views: an organization's name is public,
//! an individual donor is 张** or 爱心人士. A spending's receipt image appears only once an
//! official published it; the host's users and the project's officials also see pending and
//! withheld ones, with the reason (`private` views).

use crate::api::jobs::views::region_path;
use crate::domain::crowdfunding::{
    supporter_label, ProjectPledgeStatus, ProjectStatus, ReceiptStatus,
};
use crate::domain::personal_data;
use crate::error::ApiResult;
use crate::store::project_ledger::{self, ProjectPledge, Receipt, Refund, Spending};
use crate::store::projects::{self, BudgetLine, Project};
use crate::store::{organizations, Conn};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectHost {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetLineView {
    pub id: Uuid,
    pub item: String,
    pub amount_fen: i64,
    /// Spent against this line so far.
    pub spent_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectPledgeView {
    pub id: Uuid,
    /// An organization's name; an individual masked (张**); 爱心人士 when anonymous.
    pub supporter: String,
    pub amount_fen: i64,
    pub received_fen: i64,
    pub refunded_fen: i64,
    /// `pledged`, `received` or `lapsed`.
    pub status: ProjectPledgeStatus,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub lapsed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptView {
    pub id: Uuid,
    pub pledge_id: Uuid,
    pub amount_fen: i64,
    pub received_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SpendingView {
    pub id: Uuid,
    pub budget_line_id: Uuid,
    /// Negative on a reversal.
    pub amount_fen: i64,
    pub description: String,
    pub spent_on: NaiveDate,
    /// The receipt image (JPEG, no metadata): for everyone once published; for the host's users
    /// and the project's officials also while pending or withheld. None on a reversal.
    pub image_url: Option<String>,
    pub thumb_url: Option<String>,
    /// SHA-256 of the image's bytes, as on the audit chain (whenever the image is shown).
    pub image_sha256: Option<String>,
    /// `pending`, `published` or `withheld`; none on a reversal.
    pub receipt_status: Option<ReceiptStatus>,
    /// Why the image was withheld (host's users and the project's officials only).
    pub withheld_reason: Option<String>,
    /// On a reversal: the spending it reverses, and why.
    pub reverses_id: Option<Uuid>,
    pub reversal_reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// An official's request to cancel a project that received money, waiting for a second official.
#[derive(Debug, Serialize, ToSchema)]
pub struct CancelRequestView {
    pub requested_at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RefundView {
    pub id: Uuid,
    pub pledge_id: Uuid,
    pub amount_fen: i64,
    pub refunded_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

/// Every line of the ledger, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerView {
    pub pledges: Vec<ProjectPledgeView>,
    pub receipts: Vec<ReceiptView>,
    pub spending: Vec<SpendingView>,
    pub refunds: Vec<RefundView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectView {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// The village.
    pub region_code: String,
    /// The names from the province down to the village.
    pub region_path: Vec<String>,
    pub host: ProjectHost,
    pub target_fen: i64,
    pub deadline: DateTime<Utc>,
    pub status: ProjectStatus,
    /// Pledges that did not lapse.
    pub pledged_fen: i64,
    pub received_fen: i64,
    pub spent_fen: i64,
    pub refunded_fen: i64,
    /// Received and neither spent nor refunded: what the host holds.
    pub balance_fen: i64,
    /// Received over target, in per mille (0–1000).
    pub progress_permille: i64,
    /// Every received fen is spent or refunded (a completed project, or a failed or cancelled one
    /// whose refunds are done).
    pub settled: bool,
    pub approved_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub close_reason: Option<String>,
    /// The host's final report (completed projects).
    pub report: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// On the project's page only (not in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<Vec<BudgetLineView>>,
    /// On the project's page only (not in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerView>,
    /// A pending cancellation request (on the page, for the host's users and the project's
    /// officials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_request: Option<CancelRequestView>,
}

fn permille(received: i64, target: i64) -> i64 {
    if target <= 0 {
        return 0;
    }
    ((i128::from(received) * 1000) / i128::from(target)).clamp(0, 1000) as i64
}

fn media_url(key: &str) -> String {
    format!("/media/{key}")
}

/// A project's summary (lists).
pub async fn summary(conn: &mut Conn, p: Project) -> ApiResult<ProjectView> {
    let host = ProjectHost {
        id: p.host_organization_id,
        name: organizations::find(conn, p.host_organization_id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default(),
    };
    let t = p.totals();
    Ok(ProjectView {
        region_path: region_path(conn, &p.region_code).await?,
        id: p.id,
        title: personal_data::mask(&p.title, &[]),
        description: personal_data::mask(&p.description, &[]),
        region_code: p.region_code,
        host,
        target_fen: p.target_fen,
        deadline: p.deadline,
        status: p.status,
        pledged_fen: p.pledged_fen,
        received_fen: p.received_fen,
        spent_fen: p.spent_fen,
        refunded_fen: p.refunded_fen,
        balance_fen: t.balance(),
        progress_permille: permille(p.received_fen, p.target_fen),
        settled: p.settled_at.is_some(),
        approved_at: p.approved_at,
        rejection_reason: p.rejection_reason,
        closed_at: p.closed_at,
        close_reason: p.close_reason,
        report: p.report,
        created_at: p.created_at,
        updated_at: p.updated_at,
        budget: None,
        ledger: None,
        cancel_request: None,
    })
}

fn pledge_view(
    (p, display_name, org): (ProjectPledge, String, Option<String>),
) -> ProjectPledgeView {
    ProjectPledgeView {
        supporter: supporter_label(org.as_deref(), &display_name, p.anonymous),
        id: p.id,
        amount_fen: p.amount_fen,
        received_fen: p.received_fen,
        refunded_fen: p.refunded_fen,
        status: p.status,
        message: personal_data::mask(&p.message, &[]),
        created_at: p.created_at,
        lapsed_at: p.lapsed_at,
    }
}

pub fn receipt_view(r: Receipt) -> ReceiptView {
    ReceiptView {
        id: r.id,
        pledge_id: r.pledge_id,
        amount_fen: r.amount_fen,
        received_on: r.received_on,
        recorded_at: r.created_at,
    }
}

pub fn refund_view(r: Refund) -> RefundView {
    RefundView {
        id: r.id,
        pledge_id: r.pledge_id,
        amount_fen: r.amount_fen,
        refunded_on: r.refunded_on,
        recorded_at: r.created_at,
    }
}

/// A spending row; `private` for the host's users and the project's officials.
pub fn spending_view(s: Spending, private: bool) -> SpendingView {
    let shown = private || s.receipt_status == Some(ReceiptStatus::Published);
    SpendingView {
        id: s.id,
        budget_line_id: s.budget_line_id,
        amount_fen: s.amount_fen,
        description: personal_data::mask(&s.description, &[]),
        spent_on: s.spent_on,
        image_url: s.display_key.as_deref().filter(|_| shown).map(media_url),
        thumb_url: s.thumb_key.as_deref().filter(|_| shown).map(media_url),
        image_sha256: s.sha256.filter(|_| shown),
        receipt_status: s.receipt_status,
        withheld_reason: s.receipt_withheld_reason.filter(|_| private),
        reverses_id: s.reverses_id,
        reversal_reason: s.reversal_reason,
        recorded_at: s.created_at,
    }
}

fn line_view(l: BudgetLine) -> BudgetLineView {
    BudgetLineView {
        id: l.id,
        item: l.item,
        amount_fen: l.amount_fen,
        spent_fen: l.spent_fen,
    }
}

/// A project's page: the summary, its budget and its whole ledger (the same for every caller who
/// may see it: the ledger is public), with unpublished receipt images and a pending cancellation
/// request when `private` (the host's users and the project's officials).
pub async fn page(conn: &mut Conn, p: Project, private: bool) -> ApiResult<ProjectView> {
    let id = p.id;
    let cancel_request = match (&p.cancel_requested_at, &p.cancel_request_reason) {
        (Some(at), Some(reason)) if private && p.status == ProjectStatus::Open => {
            Some(CancelRequestView {
                requested_at: *at,
                reason: reason.clone(),
            })
        }
        _ => None,
    };
    let mut v = summary(conn, p).await?;
    v.budget = Some(
        projects::lines(conn, id)
            .await?
            .into_iter()
            .map(line_view)
            .collect(),
    );
    let l = project_ledger::ledger(conn, id).await?;
    v.ledger = Some(LedgerView {
        pledges: l.pledges.into_iter().map(pledge_view).collect(),
        receipts: l.receipts.into_iter().map(receipt_view).collect(),
        spending: l
            .spending
            .into_iter()
            .map(|s| spending_view(s, private))
            .collect(),
        refunds: l.refunds.into_iter().map(refund_view).collect(),
    });
    v.cancel_request = cancel_request;
    Ok(v)
}

/// One pledge as its supporter gets it back.
pub fn own_pledge_view(p: ProjectPledge, label: String) -> ProjectPledgeView {
    ProjectPledgeView {
        supporter: label,
        id: p.id,
        amount_fen: p.amount_fen,
        received_fen: p.received_fen,
        refunded_fen: p.refunded_fen,
        status: p.status,
        message: p.message,
        created_at: p.created_at,
        lapsed_at: p.lapsed_at,
    }
}
