//! Images and multipart bodies for the evidence tests, all made here (nothing downloaded).

use crate::helpers::app::TestApp;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};
use reqwest::{Method, Response};

pub const BOUNDARY: &str = "bangfu-test-boundary-7d1f";

/// A multipart body with the given parts: (name, file name if a file, content type, bytes).
pub fn multipart(parts: &[(&str, Option<&str>, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, filename, content_type, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = match filename {
            Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
        body.extend_from_slice(format!("Content-Type: {content_type}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Uploads `file` (claiming to be `photo.png`, `image/png`) with `label`.
pub async fn upload(
    app: &TestApp,
    need: &str,
    token: Option<&str>,
    file: &[u8],
    label: &str,
) -> Response {
    let body = multipart(&[
        ("label", None, "text/plain; charset=utf-8", label.as_bytes()),
        ("file", Some("photo.png"), "image/png", file),
    ]);
    send(app, need, token, body).await
}

pub async fn send(app: &TestApp, need: &str, token: Option<&str>, body: Vec<u8>) -> Response {
    app.request(
        Method::POST,
        &format!("/api/v1/needs/{need}/evidence"),
        token,
    )
    .header(
        "Content-Type",
        format!("multipart/form-data; boundary={BOUNDARY}"),
    )
    .body(body)
    .send()
    .await
    .expect("request")
}

pub fn photo(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 7 % 256) as u8, (y * 5 % 256) as u8, 90])
    })
}

pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(photo(w, h).as_raw(), w, h, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&photo(w, h))
        .unwrap();
    out
}

pub const GPS_MARK: &[u8] = b"GPS-34.77N-111.05E";

/// The JPEG with an APP1 Exif block holding a GPS IFD (latitude 34°46' N, as a phone writes it)
/// inserted after SOI, followed by a recognisable marker.
pub fn with_exif_gps(jpeg: &[u8]) -> Vec<u8> {
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    let mut tiff: Vec<u8> = b"II\x2a\x00".to_vec();
    tiff.extend_from_slice(&le32(8));
    // IFD0: GPSInfo (0x8825, LONG) → the GPS IFD at 26.
    tiff.extend_from_slice(&le16(1));
    for v in [le16(0x8825), le16(4)] {
        tiff.extend_from_slice(&v);
    }
    tiff.extend_from_slice(&le32(1));
    tiff.extend_from_slice(&le32(26));
    tiff.extend_from_slice(&le32(0));
    // GPS IFD: GPSLatitudeRef "N" (ASCII), GPSLatitude (3 RATIONAL at 56).
    tiff.extend_from_slice(&le16(2));
    for v in [le16(1), le16(2)] {
        tiff.extend_from_slice(&v);
    }
    tiff.extend_from_slice(&le32(2));
    tiff.extend_from_slice(b"N\0\0\0");
    for v in [le16(2), le16(5)] {
        tiff.extend_from_slice(&v);
    }
    tiff.extend_from_slice(&le32(3));
    tiff.extend_from_slice(&le32(56));
    tiff.extend_from_slice(&le32(0));
    assert_eq!(tiff.len(), 56);
    for (n, d) in [(34u32, 1u32), (46, 1), (12, 1)] {
        tiff.extend_from_slice(&le32(n));
        tiff.extend_from_slice(&le32(d));
    }
    tiff.extend_from_slice(GPS_MARK);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A 60-byte PNG declaring `w`×`h` RGBA pixels: a decoder that trusted its header would allocate
/// w·h·4 bytes (10 GB for 50000×50000).
pub fn bomb_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8; 4], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
