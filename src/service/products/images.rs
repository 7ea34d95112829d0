//! Product images: the seller adds up to [`MAX_IMAGES`] pictures and removes them. Adding stores the
//! re-encoded bytes (no metadata, so no GPS position of the household's home), then records the row
//! and an audit event in one transaction with the product row locked, so the limit holds under
//! concurrent uploads; if that fails the bytes are removed again. Removing commits first and removes
//! the bytes after. The bytes are public under `/media/` (keys made from a random id). Pictures are
//! part of what the county certifies: a change to a listed product's pictures sends it back for
//! certification, as an edit of its text does, so no picture is published that no official saw.

use super::load_visible;
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::product::{ProductAction, ProductStatus};
use crate::domain::product_fields::MAX_IMAGES;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::media::{MediaKey, MediaStore, ProcessedImage, Variant};
use crate::store::product_images::{self, NewProductImage, ProductImage};
use crate::store::products::{Product, ProductChange};
use crate::store::{audit, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// The first segment of every product image's media key.
pub const KIND: &str = "product";

/// Where a variant of a product image is stored.
pub fn key(image_id: Uuid, variant: Variant) -> MediaKey {
    MediaKey::new(KIND, image_id, variant.file_name())
}

/// The public media key of a `/media/{key}` path: `product/<uuid>/display.jpg` or
/// `product/<uuid>/thumb.jpg` and nothing else (evidence is never served there).
pub fn parse_public_key(raw: &str) -> Option<MediaKey> {
    let mut parts = raw.split('/');
    let (kind, id_text, file) = (parts.next()?, parts.next()?, parts.next()?);
    if kind != KIND || parts.next().is_some() {
        return None;
    }
    // Only the canonical form the server writes (lower-case, hyphenated).
    let id = Uuid::try_parse(id_text).ok()?;
    if id.to_string() != id_text {
        return None;
    }
    [Variant::Display, Variant::Thumb]
        .into_iter()
        .find(|v| v.file_name() == file)
        .map(|v| key(id, v))
}

fn too_many() -> ApiError {
    ApiError::new(
        ErrorCode::TooManyImages,
        format!("a product has at most {MAX_IMAGES} images; remove one first"),
    )
    .with_extra("max", MAX_IMAGES)
}

/// The product, when the caller is its seller: 404 when the caller may not see it, 403 when it
/// may see but not change it.
async fn own_product(conn: &mut Conn, actor: &Actor, id: Uuid, lock: bool) -> ApiResult<Product> {
    let p = load_visible(conn, actor, id, lock).await?;
    if actor.user_id() != Some(p.seller_id) {
        return Err(ApiError::forbidden(
            "only the product's seller adds or removes its images",
        ));
    }
    Ok(p)
}

/// A listed product whose pictures changed goes back to `pending_certification` (the row is
/// locked by the caller); a product not yet listed waits for its certification anyway.
async fn recertify_if_listed(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    p: &Product,
) -> ApiResult<()> {
    if p.status != ProductStatus::Listed {
        return Ok(());
    }
    let to = super::check(actor, p, ProductAction::Edit)?;
    let change = ProductChange {
        status: Some(to),
        rejection_reason: Some(None),
        certified_by: Some(None),
        certified_at: Some(None),
        updated_at: Some(Utc::now()),
        ..ProductChange::default()
    };
    let extra = json!({ "changed": ["images"] });
    super::transition(conn, auth, p, ProductAction::Edit, change, extra).await?;
    Ok(())
}

/// Checks that the caller may add an image to the product, before any upload is decoded.
pub async fn check_can_add(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<()> {
    own_product(conn, actor, id, false).await?;
    if product_images::count_and_next_position(conn, id).await?.0 >= MAX_IMAGES {
        return Err(too_many());
    }
    Ok(())
}

fn dim(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

async fn remove_bytes(media: &dyn MediaStore, keys: &[MediaKey]) {
    for k in keys {
        if let Err(e) = media.delete(k).await {
            tracing::warn!(error = %e, key = k.as_str(), "media bytes not removed");
        }
    }
}

/// Adds an accepted image to a product (its seller only); `product.image_added` on the audit chain.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, product_id = %product_id))]
pub async fn add(
    conn: &mut Conn,
    media: &dyn MediaStore,
    auth: &AuthUser,
    actor: &Actor,
    product_id: Uuid,
    image: &ProcessedImage,
) -> ApiResult<ProductImage> {
    check_can_add(conn, actor, product_id).await?;
    let id = Uuid::new_v4();
    let keys = [key(id, Variant::Display), key(id, Variant::Thumb)];
    for (k, v) in keys.iter().zip([Variant::Display, Variant::Thumb]) {
        if let Err(e) = media.put(k, image.variant(v).bytes.clone()).await {
            remove_bytes(media, &keys).await;
            return Err(ApiError::internal(format!("media store: {e}")));
        }
    }
    let result = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let product = own_product(conn, actor, product_id, true).await?;
            let (count, position) =
                product_images::count_and_next_position(conn, product_id).await?;
            if count >= MAX_IMAGES {
                return Err(too_many());
            }
            let (d, t) = (&image.display, &image.thumb);
            let row = product_images::insert(
                conn,
                &NewProductImage {
                    id,
                    product_id,
                    position,
                    display_key: keys[0].as_str(),
                    thumb_key: keys[1].as_str(),
                    width: dim(d.width),
                    height: dim(d.height),
                    sha256: &d.sha256,
                    created_at: Utc::now(),
                },
            )
            .await?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(auth.id),
                    action: "product.image_added",
                    subject_type: "product",
                    subject_id: product_id,
                    details: json!({ "role": auth.role.as_str(), "image_id": id,
                        "sha256": d.sha256, "thumb_sha256": t.sha256, "bytes": d.bytes.len(),
                        "width": d.width, "height": d.height, "source_format": image.source_format }),
                },
            )
            .await?;
            recertify_if_listed(conn, auth, actor, &product).await?;
            Ok(row)
        })
        .await;
    if result.is_err() {
        remove_bytes(media, &keys).await;
    }
    result
}

/// Removes an image (its product's seller only): the row and `product.image_removed` commit
/// together; the bytes go afterwards.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, product_id = %product_id, image_id = %image_id))]
pub async fn remove(
    conn: &mut Conn,
    media: &dyn MediaStore,
    auth: &AuthUser,
    actor: &Actor,
    product_id: Uuid,
    image_id: Uuid,
) -> ApiResult<()> {
    let item = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let product = own_product(conn, actor, product_id, true).await?;
            let item = product_images::find(conn, product_id, image_id)
                .await?
                .ok_or_else(|| ApiError::not_found("image"))?;
            if !product_images::delete(conn, product_id, image_id).await? {
                return Err(ApiError::not_found("image"));
            }
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(auth.id),
                    action: "product.image_removed",
                    subject_type: "product",
                    subject_id: product_id,
                    details: json!({ "role": auth.role.as_str(), "image_id": image_id,
                        "sha256": item.sha256 }),
                },
            )
            .await?;
            recertify_if_listed(conn, auth, actor, &product).await?;
            Ok(item)
        })
        .await?;
    remove_bytes(
        media,
        &[key(item.id, Variant::Display), key(item.id, Variant::Thumb)],
    )
    .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_product_image_keys_are_public() {
        let id = Uuid::new_v4();
        for ok in [
            format!("product/{id}/display.jpg"),
            format!("product/{id}/thumb.jpg"),
        ] {
            assert_eq!(
                parse_public_key(&ok).map(|k| k.as_str().to_owned()),
                Some(ok)
            );
        }
        for bad in [
            format!("evidence/{id}/display.jpg"),
            format!("product/{id}/other.jpg"),
            format!("product/{id}/display.jpg/x"),
            format!("product/{}/display.jpg", id.simple()),
            format!("product/{}/display.jpg", id.to_string().to_uppercase()),
            "product/../display.jpg".to_owned(),
            "product".to_owned(),
            String::new(),
        ] {
            assert!(parse_public_key(&bad).is_none(), "{bad}");
        }
    }
}
