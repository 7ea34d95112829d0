//! The image pipeline: sniff, decode under limits, re-encode without metadata, resize.

use crate::error::{ApiError, ErrorCode};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// Widest and tallest picture decoded; anything larger is refused from its header alone.
pub const MAX_DIMENSION: u32 = 10_000;
/// The most memory one decode may take for its pixels (a 48-megapixel RGB photo needs 144 MiB).
pub const MAX_DECODED_BYTES: u64 = 160 * 1024 * 1024;
/// The longest side of the display size and of the thumbnail.
pub const DISPLAY_MAX_SIDE: u32 = 1600;
pub const THUMB_MAX_SIDE: u32 = 320;
const JPEG_QUALITY: u8 = 85;
/// Every stored variant is a baseline JPEG.
pub const CONTENT_TYPE: &str = "image/jpeg";

/// Why an upload is refused. Each maps to one stable problem code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    /// More than [`super::MAX_UPLOAD_BYTES`] (413 `file_too_large`).
    #[error("the file is larger than {0} bytes")]
    TooLarge(usize),
    /// The bytes are not JPEG, PNG or WebP, whatever the name or content type said (400
    /// `unsupported_image_type`).
    #[error("the file is not a JPEG, PNG or WebP image")]
    UnsupportedType,
    /// It claims to be an allowed type but does not decode (400 `invalid_image`).
    #[error("the image cannot be decoded")]
    Invalid,
    /// Its declared size is beyond the decoding limits (400 `image_too_large`).
    #[error(
        "the image is larger than {MAX_DIMENSION}×{MAX_DIMENSION} pixels or needs too much memory"
    )]
    Dimensions,
}

impl UploadError {
    pub fn code(&self) -> ErrorCode {
        match self {
            UploadError::TooLarge(_) => ErrorCode::FileTooLarge,
            UploadError::UnsupportedType => ErrorCode::UnsupportedImageType,
            UploadError::Invalid => ErrorCode::InvalidImage,
            UploadError::Dimensions => ErrorCode::ImageTooLarge,
        }
    }
}

impl From<UploadError> for ApiError {
    fn from(e: UploadError) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}

/// The stored sizes of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Display,
    Thumb,
}

impl Variant {
    /// The variant's file name inside its key.
    pub fn file_name(self) -> &'static str {
        match self {
            Variant::Display => "display.jpg",
            Variant::Thumb => "thumb.jpg",
        }
    }
}

/// One re-encoded size: JPEG bytes, their dimensions and SHA-256 (hex).
#[derive(Debug, Clone)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub sha256: String,
}

/// An accepted image: what was sniffed, and the two sizes to store.
#[derive(Debug, Clone)]
pub struct ProcessedImage {
    pub source_format: &'static str,
    pub display: Encoded,
    pub thumb: Encoded,
}

impl ProcessedImage {
    pub fn variant(&self, v: Variant) -> &Encoded {
        match v {
            Variant::Display => &self.display,
            Variant::Thumb => &self.thumb,
        }
    }
}

/// The decoding limits every upload runs under.
pub fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    limits
}

fn sniff(bytes: &[u8]) -> Result<(ImageFormat, &'static str), UploadError> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok((ImageFormat::Jpeg, "jpeg")),
        Ok(ImageFormat::Png) => Ok((ImageFormat::Png, "png")),
        Ok(ImageFormat::WebP) => Ok((ImageFormat::WebP, "webp")),
        _ => Err(UploadError::UnsupportedType),
    }
}

fn decode_error(e: ImageError) -> UploadError {
    match e {
        ImageError::Limits(_) => UploadError::Dimensions,
        _ => UploadError::Invalid,
    }
}

/// Decodes untrusted bytes under [`limits`], turned upright by their EXIF orientation (the only
/// metadata that is read; none is kept).
fn decode(bytes: &[u8]) -> Result<(DynamicImage, &'static str), UploadError> {
    let (format, name) = sniff(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    // The pixel buffer is allocated by `from_decoder`, which does not check `max_alloc` itself.
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(UploadError::Dimensions);
    }
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok((img, name))
}

/// Flattens transparency onto white and drops every channel but RGB.
fn to_rgb(img: &DynamicImage) -> image::RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])])
    })
}

/// Fits inside `max`×`max`, never enlarging.
fn fit(img: &DynamicImage, max: u32, filter: Option<FilterType>) -> DynamicImage {
    if img.width() <= max && img.height() <= max {
        return img.clone();
    }
    match filter {
        Some(f) => img.resize(max, max, f),
        None => img.thumbnail(max, max),
    }
}

fn encode(img: &DynamicImage) -> Result<Encoded, UploadError> {
    let rgb = to_rgb(img);
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| UploadError::Invalid)?;
    Ok(Encoded {
        sha256: hex::encode(Sha256::digest(&bytes)),
        width: rgb.width(),
        height: rgb.height(),
        bytes,
    })
}

/// Accepts an uploaded image: JPEG, PNG or WebP by its bytes, at most [`super::MAX_UPLOAD_BYTES`],
/// within the decoding limits. Returns a display size and a thumbnail, both fresh JPEG files that
/// carry no metadata of the original. CPU-bound: run it off the async threads.
pub fn accept(bytes: &[u8]) -> Result<ProcessedImage, UploadError> {
    if bytes.len() > super::MAX_UPLOAD_BYTES {
        return Err(UploadError::TooLarge(super::MAX_UPLOAD_BYTES));
    }
    let (img, source_format) = decode(bytes)?;
    let display = fit(&img, DISPLAY_MAX_SIDE, Some(FilterType::Triangle));
    drop(img);
    let thumb = fit(&display, THUMB_MAX_SIDE, None);
    Ok(ProcessedImage {
        source_format,
        display: encode(&display)?,
        thumb: encode(&thumb)?,
    })
}

/// [`accept`] on the blocking thread pool.
pub async fn accept_blocking(bytes: Vec<u8>) -> Result<ProcessedImage, ApiError> {
    match tokio::task::spawn_blocking(move || accept(&bytes)).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(e) => Err(ApiError::internal(format!("image task: {e}"))),
    }
}

/// Bounds how many images are decoded at once (each may take up to [`MAX_DECODED_BYTES`]), so that
/// parallel uploads cannot exhaust memory; the others wait their turn.
#[derive(Debug, Clone)]
pub struct ImageWorkers {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
}

impl ImageWorkers {
    pub fn new(max_concurrent: usize) -> Self {
        Self {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(max_concurrent.max(1))),
        }
    }

    /// [`accept`] off the async threads, at most `max_concurrent` at a time.
    pub async fn accept(&self, bytes: Vec<u8>) -> Result<ProcessedImage, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ApiError::internal(format!("image workers: {e}")))?;
        accept_blocking(bytes).await
    }
}

#[cfg(test)]
#[path = "images_tests.rs"]
mod tests;
