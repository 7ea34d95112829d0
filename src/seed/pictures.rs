//! Pictures for the demo's products, drawn here with the `image` crate (nothing downloaded): simple
//! still lifes — walnuts, mushrooms, wood ear, forsythia, a honey jar, an oil bottle, a bundle of
//! roots — on a gradient, in colours that differ per product and per picture. They go through the
//! same upload pipeline as a seller's photo.

use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};

pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 720;

/// What a picture shows.
#[derive(Debug, Clone, Copy)]
pub enum Motif {
    Walnuts,
    Mushrooms,
    WoodEar,
    Forsythia,
    Honey,
    Oil,
    Roots,
}

/// A picture: its motif, background (top, bottom) and main colour; `variant` moves things about.
#[derive(Debug, Clone, Copy)]
pub struct Picture {
    pub motif: Motif,
    pub sky: [u8; 3],
    pub ground: [u8; 3],
    pub main: [u8; 3],
    pub variant: u32,
}

struct Canvas {
    img: RgbImage,
    seed: u32,
}

fn shade(c: [u8; 3], f: f32) -> [u8; 3] {
    c.map(|v| (f32::from(v) * f).clamp(0.0, 255.0) as u8)
}

impl Canvas {
    /// A small deterministic generator, so the demo is the same on every run.
    fn next(&mut self, below: u32) -> i32 {
        self.seed = self.seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        ((self.seed >> 16) % below.max(1)) as i32
    }

    fn put(&mut self, x: i32, y: i32, c: [u8; 3]) {
        if x >= 0 && y >= 0 && (x as u32) < WIDTH && (y as u32) < HEIGHT {
            self.img.put_pixel(x as u32, y as u32, Rgb(c));
        }
    }

    /// A filled ellipse; `top_half` keeps only the part above its centre (a mushroom's cap).
    fn ellipse(&mut self, cx: i32, cy: i32, rx: i32, ry: i32, c: [u8; 3], top_half: bool) {
        let (rx, ry) = (rx.max(1), ry.max(1));
        for y in (cy - ry)..=(if top_half { cy } else { cy + ry }) {
            for x in (cx - rx)..=(cx + rx) {
                let (dx, dy) = ((x - cx) as f32 / rx as f32, (y - cy) as f32 / ry as f32);
                if dx * dx + dy * dy <= 1.0 {
                    // Lighter towards the upper left, like a lamp from there.
                    let light = 1.15 - 0.3 * ((dx + dy + 2.0) / 4.0);
                    self.put(x, y, shade(c, light));
                }
            }
        }
    }

    fn circle(&mut self, cx: i32, cy: i32, r: i32, c: [u8; 3]) {
        self.ellipse(cx, cy, r, r, c, false);
    }

    fn rect(&mut self, x0: i32, y0: i32, w: i32, h: i32, c: [u8; 3]) {
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                self.put(x, y, c);
            }
        }
    }

    fn background(&mut self, sky: [u8; 3], ground: [u8; 3]) {
        let horizon = HEIGHT * 2 / 3;
        for y in 0..HEIGHT {
            let t = y as f32 / HEIGHT as f32;
            let c = if y < horizon {
                [0, 1, 2]
                    .map(|i| (f32::from(sky[i]) * (1.0 - t) + f32::from(ground[i]) * t * 0.6) as u8)
            } else {
                shade(ground, 0.85)
            };
            for x in 0..WIDTH {
                self.img.put_pixel(x, y, Rgb(c));
            }
        }
    }
}

fn walnuts(cv: &mut Canvas, main: [u8; 3]) {
    for _ in 0..9 {
        let (x, y) = (120 + cv.next(720), 330 + cv.next(300));
        let r = 55 + cv.next(30);
        cv.circle(x, y, r, main);
        // The shell's seam and wrinkles.
        let dark = shade(main, 0.55);
        cv.rect(x - 2, y - r + 8, 4, 2 * r - 16, dark);
        for k in [-2, -1, 1, 2] {
            let dy = cv.next(20) - 10;
            cv.ellipse(x + k * r / 4, y + dy, 4, r / 3, dark, false);
        }
    }
}

fn mushrooms(cv: &mut Canvas, main: [u8; 3]) {
    for _ in 0..6 {
        let (x, y) = (130 + cv.next(700), 420 + cv.next(200));
        let r = 70 + cv.next(40);
        cv.rect(x - r / 5, y - 5, 2 * r / 5, r, [236, 222, 196]);
        cv.ellipse(x, y, r, r * 3 / 4, main, true);
        // The cracked, pale pattern of a flower mushroom (花菇).
        for _ in 0..7 {
            let (dx, dy) = (cv.next(r as u32) - r / 2, -cv.next((r / 2) as u32) - 8);
            cv.ellipse(x + dx, y + dy, 9, 4, [240, 228, 205], false);
        }
    }
}

fn wood_ear(cv: &mut Canvas, main: [u8; 3]) {
    for _ in 0..14 {
        let (x, y) = (120 + cv.next(720), 340 + cv.next(300));
        for _ in 0..5 {
            let (dx, dy) = (cv.next(60) - 30, cv.next(40) - 20);
            let (rx, ry) = (28 + cv.next(20), 18 + cv.next(14));
            cv.ellipse(x + dx, y + dy, rx, ry, main, false);
        }
        cv.ellipse(x, y, 10, 6, shade(main, 1.8), false);
    }
}

fn forsythia(cv: &mut Canvas, main: [u8; 3]) {
    for _ in 0..7 {
        let x = 100 + cv.next(760);
        let top = 150 + cv.next(100);
        cv.rect(x, top, 6, 500, [96, 80, 52]);
        for _ in 0..8 {
            let (fx, fy) = (x + cv.next(90) - 45, 160 + cv.next(460));
            for (px, py) in [(-12, 0), (12, 0), (0, -12), (0, 12)] {
                cv.ellipse(fx + px, fy + py, 11, 11, main, false);
            }
            cv.circle(fx, fy, 6, shade(main, 0.7));
        }
    }
}

fn honey(cv: &mut Canvas, main: [u8; 3]) {
    let n = 2 + cv.next(2);
    for i in 0..n {
        let x = 180 + i * 260 + cv.next(40);
        cv.rect(x, 300, 200, 300, main);
        cv.rect(x + 20, 320, 30, 260, shade(main, 1.3));
        cv.rect(x - 10, 260, 220, 45, [180, 40, 40]);
        cv.rect(x + 40, 400, 120, 90, [250, 244, 226]);
        cv.circle(x + 100, 445, 28, shade(main, 0.8));
    }
}

fn oil(cv: &mut Canvas, main: [u8; 3]) {
    let n = 2 + cv.next(2);
    for i in 0..n {
        let x = 220 + i * 230 + cv.next(30);
        cv.rect(x, 260, 140, 360, main);
        cv.rect(x + 15, 280, 22, 320, shade(main, 1.35));
        cv.rect(x + 45, 170, 50, 95, main);
        cv.rect(x + 40, 140, 60, 35, [40, 90, 50]);
        cv.rect(x + 20, 400, 100, 110, [245, 240, 220]);
        walnut_mark(cv, x + 70, 455);
    }
    fn walnut_mark(cv: &mut Canvas, x: i32, y: i32) {
        cv.circle(x, y, 30, [150, 105, 60]);
        cv.rect(x - 2, y - 24, 4, 48, [95, 62, 32]);
    }
}

fn roots(cv: &mut Canvas, main: [u8; 3]) {
    for b in 0..3 {
        let x0 = 200 + b * 230 + cv.next(40);
        for _ in 0..22 {
            let x = x0 + cv.next(90);
            let len = 250 + cv.next(120);
            let mut y = 300;
            let mut xx = x;
            while y < 300 + len {
                cv.rect(xx, y, 5, 6, main);
                xx += cv.next(3) - 1;
                y += 5;
            }
        }
        cv.rect(x0 - 10, 380, 120, 18, [170, 40, 40]);
    }
}

/// Draws a picture and encodes it as PNG.
pub fn draw(p: &Picture) -> Result<Vec<u8>, image::ImageError> {
    let mut cv = Canvas {
        img: RgbImage::new(WIDTH, HEIGHT),
        seed: 0x9E37_79B9 ^ p.variant.wrapping_mul(2_654_435_761),
    };
    cv.background(p.sky, p.ground);
    match p.motif {
        Motif::Walnuts => walnuts(&mut cv, p.main),
        Motif::Mushrooms => mushrooms(&mut cv, p.main),
        Motif::WoodEar => wood_ear(&mut cv, p.main),
        Motif::Forsythia => forsythia(&mut cv, p.main),
        Motif::Honey => honey(&mut cv, p.main),
        Motif::Oil => oil(&mut cv, p.main),
        Motif::Roots => roots(&mut cv, p.main),
    }
    let mut out = Vec::new();
    PngEncoder::new(&mut out).write_image(
        cv.img.as_raw(),
        WIDTH,
        HEIGHT,
        ExtendedColorType::Rgb8,
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_differ_and_pass_the_upload_pipeline() {
        let a = Picture {
            motif: Motif::Walnuts,
            sky: [200, 220, 240],
            ground: [150, 120, 90],
            main: [140, 100, 60],
            variant: 1,
        };
        let b = Picture { variant: 2, ..a };
        let (pa, pb) = (draw(&a).unwrap(), draw(&b).unwrap());
        assert_ne!(pa, pb);
        let accepted = crate::media::accept(&pa).unwrap();
        assert_eq!(accepted.display.width, WIDTH);
        for motif in [
            Motif::Mushrooms,
            Motif::WoodEar,
            Motif::Forsythia,
            Motif::Honey,
            Motif::Oil,
            Motif::Roots,
        ] {
            assert!(draw(&Picture { motif, ..a }).is_ok());
        }
    }
}
