//! Who hears about an order's moves: the seller of a new order and of a receipt (with its rating),
//! the buyer of a recorded payment and of the shipping. Public facts only — the product, the
//! quantity, the amount, a link — never the delivery name, phone or address.

use super::notify::enqueue;
use super::templates::MailKind;
use crate::domain::order::OrderStatus;
use crate::store::orders::Order;
use crate::store::{products, Conn};
use diesel::QueryResult;
use serde_json::json;
use uuid::Uuid;

/// The mail an order's move from `from` (`None`: just placed) to `to` causes, and to whom.
pub fn order_mail(from: Option<OrderStatus>, to: OrderStatus) -> Option<(MailKind, Recipient)> {
    use OrderStatus as S;
    Some(match (from, to) {
        (None, S::Placed) => (MailKind::OrderPlaced, Recipient::Seller),
        (Some(_), S::Paid) => (MailKind::OrderPaid, Recipient::Buyer),
        (Some(_), S::Shipped) => (MailKind::OrderShipped, Recipient::Buyer),
        (Some(_), S::Received) => (MailKind::OrderReceived, Recipient::Seller),
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    Buyer,
    Seller,
}

/// Yuan with two decimals, from fen.
pub fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// An order moved from `from` to `order.status`: queues the mail it causes, if any.
pub async fn order_changed(
    conn: &mut Conn,
    from: Option<OrderStatus>,
    order: &Order,
) -> QueryResult<()> {
    let Some((kind, to)) = order_mail(from, order.status) else {
        return Ok(());
    };
    let Some(product) = products::find(conn, order.product_id).await? else {
        return Ok(());
    };
    let vars = json!({
        "product_title": product.title,
        "quantity": order.quantity,
        "unit": product.unit,
        "total": yuan(order.total_fen),
        "tracking_ref": order.tracking_ref.clone().unwrap_or_else(|| "-".to_owned()),
        "rating": order.rating.map(|r| r.to_string()).unwrap_or_else(|| "-".to_owned()),
        "review": order.review.clone().unwrap_or_else(|| "-".to_owned()),
        "path": format!("/orders/{}", order.id),
    });
    let user: Uuid = match to {
        Recipient::Buyer => order.buyer_id,
        Recipient::Seller => order.seller_id,
    };
    enqueue(conn, kind, user, vars).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_hears_about_what() {
        use OrderStatus as S;
        assert_eq!(
            order_mail(None, S::Placed),
            Some((MailKind::OrderPlaced, Recipient::Seller))
        );
        assert_eq!(
            order_mail(Some(S::Placed), S::Paid),
            Some((MailKind::OrderPaid, Recipient::Buyer))
        );
        assert_eq!(
            order_mail(Some(S::Paid), S::Shipped),
            Some((MailKind::OrderShipped, Recipient::Buyer))
        );
        assert_eq!(
            order_mail(Some(S::Shipped), S::Received),
            Some((MailKind::OrderReceived, Recipient::Seller))
        );
        assert_eq!(order_mail(Some(S::Placed), S::Cancelled), None);
        assert_eq!(order_mail(Some(S::Paid), S::Expired), None);
        assert_eq!(yuan(4_505), "45.05");
    }
}
