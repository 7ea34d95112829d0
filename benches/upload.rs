//! Benchmark: accepting a 5 MB image — sniffing, decoding under limits, resizing to the display size
//! and the thumbnail, re-encoding both — the CPU and memory work of `POST /needs/{id}/evidence` (and
//! of every upload that uses `media::images`), without the HTTP and database parts.
//!
//! Run: `cargo bench --bench upload`. Settings: BENCH_RUNS (default 20), BENCH_PARALLEL (default 8:
//! uploads at once through `ImageWorkers`, which lets one per core decode). Prints p50/p95 of one
//! accept, and the process's peak RSS (VmHWM, reset before each phase) alone and in parallel.

use bangfu::media::{images, ImageWorkers};
use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use std::time::{Duration, Instant};

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|r| r.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A photo-like JPEG of just under 5 MB: smooth gradients with sensor-like noise (noise is what makes
/// phone photos big), at quality 92.
fn five_megabyte_jpeg() -> Vec<u8> {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 48) as i32 - 24
    };
    let mut best = Vec::new();
    for side in [1200u32, 1400, 1600, 1800, 2000, 2200, 2400, 2800, 3200] {
        let img = RgbImage::from_fn(side * 4 / 3, side, |x, y| {
            let base = [
                (x / 11 % 256) as i32,
                (y / 9 % 256) as i32,
                ((x + y) / 17 % 256) as i32,
            ];
            let px = base.map(|c| (c + noise()).clamp(0, 255) as u8);
            Rgb(px)
        });
        let mut out = Vec::new();
        if JpegEncoder::new_with_quality(&mut out, 92)
            .encode_image(&img)
            .is_err()
        {
            break;
        }
        if out.len() > bangfu::media::MAX_UPLOAD_BYTES {
            break;
        }
        best = out;
    }
    best
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let parallel: usize = std::env::var("BENCH_PARALLEL")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let file = five_megabyte_jpeg();
    let probe = images::accept(&file).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "input: {:.2} MB JPEG; display {}x{} ({} KB), thumbnail {}x{} ({} KB)",
        file.len() as f64 / 1e6,
        probe.display.width,
        probe.display.height,
        probe.display.bytes.len() / 1024,
        probe.thumb.width,
        probe.thumb.height,
        probe.thumb.bytes.len() / 1024
    );
    drop(probe);
    let idle = status_kib("VmRSS:");

    reset_peak();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let accepted = images::accept(&file).map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(started.elapsed());
        drop(accepted);
    }
    let one_peak = status_kib("VmHWM:");
    times.sort();
    println!(
        "one at a time, {runs} runs: p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms; RSS idle {:.0} MiB, peak {:.0} MiB",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        idle as f64 / 1024.0,
        one_peak as f64 / 1024.0
    );

    let cores = std::thread::available_parallelism()?.get();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    reset_peak();
    let (wall, mut latencies) = rt.block_on(async {
        let workers = ImageWorkers::new(cores);
        let started = Instant::now();
        let tasks: Vec<_> = (0..parallel)
            .map(|_| {
                let (workers, file) = (workers.clone(), file.clone());
                tokio::spawn(async move {
                    let t = Instant::now();
                    workers.accept(file).await.map(|_| t.elapsed())
                })
            })
            .collect();
        let mut latencies = Vec::new();
        for t in tasks {
            if let Ok(Ok(d)) = t.await {
                latencies.push(d);
            }
        }
        (started.elapsed(), latencies)
    });
    latencies.sort();
    println!(
        "{parallel} at once ({cores} decoding at a time): all done in {:.0} ms, p95 {:.0} ms; peak RSS {:.0} MiB",
        wall.as_secs_f64() * 1e3,
        percentile(&latencies, 0.95).as_secs_f64() * 1e3,
        status_kib("VmHWM:") as f64 / 1024.0
    );
    Ok(())
}
