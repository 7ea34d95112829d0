use super::*;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

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

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A PNG whose header declares `w`×`h` pixels (bit depth, colour type), with no real pixel data:
/// a decoder that trusted it would allocate the whole buffer first.
pub(crate) fn bomb_png(w: u32, h: u32, depth: u8, color: u8) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[depth, color, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    png_chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

fn photo(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]))
}

fn jpeg_of(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(img)
        .unwrap();
    out
}

const GPS_MARK: &[u8] = b"BANGFU-GPS-34N";

/// An APP1 Exif block with a GPS IFD (latitude 34° N, as a phone writes it) inserted after SOI.
pub(crate) fn with_exif_gps(jpeg: &[u8]) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II\x2a\x00".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    // IFD0: one entry, GPSInfo (0x8825) → offset 26.
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x8825u16.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&26u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD: GPSLatitudeRef "N", GPSLatitude 34/1 1/1 0/1 at offset 56.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&2u32.to_le_bytes());
    tiff.extend_from_slice(b"N\0\0\0");
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&5u16.to_le_bytes());
    tiff.extend_from_slice(&3u32.to_le_bytes());
    tiff.extend_from_slice(&56u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(tiff.len(), 56);
    for (n, d) in [(34u32, 1u32), (1, 1), (0, 1)] {
        tiff.extend_from_slice(&n.to_le_bytes());
        tiff.extend_from_slice(&d.to_le_bytes());
    }
    tiff.extend_from_slice(GPS_MARK);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The APPn markers of a JPEG, up to its first scan.
fn app_markers(jpeg: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA {
        let m = jpeg[i + 1];
        if (0xE0..=0xEF).contains(&m) {
            markers.push(m);
        }
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        i += 2 + len;
    }
    markers
}

fn exif_of(jpeg: &[u8]) -> Option<Vec<u8>> {
    let mut reader = ImageReader::with_format(Cursor::new(jpeg), ImageFormat::Jpeg);
    reader.limits(limits());
    reader.into_decoder().unwrap().exif_metadata().unwrap()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_png_declaring_50000_by_50000_pixels_is_refused_from_its_header() {
    let bomb = bomb_png(50_000, 50_000, 8, 6);
    assert!(bomb.len() < 100);
    assert_eq!(accept(&bomb).unwrap_err(), UploadError::Dimensions);
}

#[test]
fn a_png_within_the_sides_but_needing_too_much_memory_is_refused() {
    // 10000×10000 RGBA at 16 bits: 800 MB of pixels.
    let bomb = bomb_png(10_000, 10_000, 16, 6);
    assert_eq!(accept(&bomb).unwrap_err(), UploadError::Dimensions);
}

#[test]
fn exif_gps_does_not_survive() {
    let original = with_exif_gps(&jpeg_of(&photo(64, 48)));
    assert!(contains(&original, GPS_MARK) && contains(&original, b"Exif\0\0"));
    assert!(exif_of(&original).is_some(), "the test image carries EXIF");
    assert!(app_markers(&original).contains(&0xE1));

    let accepted = accept(&original).unwrap();
    assert_eq!(accepted.source_format, "jpeg");
    for out in [&accepted.display, &accepted.thumb] {
        assert!(!contains(&out.bytes, GPS_MARK));
        assert!(!contains(&out.bytes, b"Exif"));
        assert!(!app_markers(&out.bytes).contains(&0xE1), "no APP1 segment");
        assert_eq!(exif_of(&out.bytes), None);
        assert_eq!(image::guess_format(&out.bytes).unwrap(), ImageFormat::Jpeg);
    }
    assert_eq!((accepted.display.width, accepted.display.height), (64, 48));
}

#[test]
fn large_images_get_a_display_size_and_a_thumbnail() {
    let accepted = accept(&jpeg_of(&photo(3200, 1600))).unwrap();
    assert_eq!(
        (accepted.display.width, accepted.display.height),
        (1600, 800)
    );
    assert_eq!((accepted.thumb.width, accepted.thumb.height), (320, 160));
    assert_eq!(accepted.display.sha256.len(), 64);
    assert_ne!(accepted.display.sha256, accepted.thumb.sha256);
}

#[test]
fn png_and_webp_are_accepted_and_transparency_becomes_white() {
    let rgba = RgbaImage::from_pixel(20, 10, Rgba([0, 0, 0, 0]));
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(rgba.as_raw(), 20, 10, ExtendedColorType::Rgba8)
        .unwrap();
    let accepted = accept(&png).unwrap();
    assert_eq!(accepted.source_format, "png");
    let back = image::load_from_memory(&accepted.display.bytes)
        .unwrap()
        .to_rgb8();
    assert!(back.get_pixel(5, 5).0.iter().all(|&c| c > 240));

    let mut webp = Vec::new();
    WebPEncoder::new_lossless(&mut webp)
        .write_image(rgba.as_raw(), 20, 10, ExtendedColorType::Rgba8)
        .unwrap();
    assert_eq!(accept(&webp).unwrap().source_format, "webp");
}

#[test]
fn the_format_is_sniffed_from_the_bytes() {
    assert_eq!(
        accept(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap_err(),
        UploadError::UnsupportedType
    );
    assert_eq!(
        accept(b"%PDF-1.7 not an image").unwrap_err(),
        UploadError::UnsupportedType
    );
    assert_eq!(accept(b"").unwrap_err(), UploadError::UnsupportedType);
    // A JPEG signature with garbage after it.
    assert_eq!(
        accept(b"\xFF\xD8\xFF\xE0garbage garbage").unwrap_err(),
        UploadError::Invalid
    );
    // A truncated PNG.
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(photo(32, 32).as_raw(), 32, 32, ExtendedColorType::Rgb8)
        .unwrap();
    assert_eq!(
        accept(&png[..png.len() / 2]).unwrap_err(),
        UploadError::Invalid
    );
}

#[test]
fn more_than_five_megabytes_is_refused_before_decoding() {
    let big = vec![0u8; super::super::MAX_UPLOAD_BYTES + 1];
    assert!(matches!(accept(&big), Err(UploadError::TooLarge(_))));
}
