//! Prometheus metrics, kept in process: requests by route, method and status, and a latency histogram
//! by route. Pool usage and job queue depth are read when `/metrics` is scraped.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// A value read at scrape time.
pub struct Gauge<'a> {
    pub name: &'a str,
    pub help: &'a str,
    pub labels: Vec<(&'a str, String)>,
    pub value: f64,
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Metrics {
    pub fn observe(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        {
            let mut r = self.requests.lock().unwrap_or_else(|p| p.into_inner());
            *r.entry((route.to_owned(), method.to_owned(), status))
                .or_default() += 1;
        }
        let secs = elapsed.as_secs_f64();
        let mut l = self.latency.lock().unwrap_or_else(|p| p.into_inner());
        let h = l.entry(route.to_owned()).or_default();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                h.counts[i] += 1;
            }
        }
        h.sum += secs;
        h.count += 1;
    }

    /// Renders the text exposition format; `gauges` are (name, help, labels, value) read at scrape time.
    pub fn render(&self, gauges: &[Gauge<'_>]) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP bangfu_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE bangfu_http_requests_total counter\n");
        for ((route, method, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "bangfu_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                escape(route),
                escape(method)
            );
        }
        out.push_str(
            "# HELP bangfu_http_request_duration_seconds HTTP request latency by route.\n",
        );
        out.push_str("# TYPE bangfu_http_request_duration_seconds histogram\n");
        for (route, h) in self
            .latency
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let route = escape(route);
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(out, "bangfu_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}", h.counts[i]);
            }
            let _ = writeln!(
                out,
                "bangfu_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "bangfu_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "bangfu_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        let mut last = "";
        for Gauge {
            name,
            help,
            labels,
            value,
        } in gauges
        {
            if *name != last {
                let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
                last = name;
            }
            let labels: Vec<String> = labels
                .iter()
                .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
                .collect();
            if labels.is_empty() {
                let _ = writeln!(out, "{name} {value}");
            } else {
                let _ = writeln!(out, "{name}{{{}}} {value}", labels.join(","));
            }
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms() {
        let m = Metrics::default();
        m.observe("/api/v1/me", "GET", 200, Duration::from_millis(3));
        m.observe("/api/v1/me", "GET", 200, Duration::from_millis(30));
        let text = m.render(&[Gauge {
            name: "bangfu_jobs",
            help: "Jobs by state.",
            labels: vec![("state", "queued".into())],
            value: 2.0,
        }]);
        assert!(text.contains(
            "bangfu_http_requests_total{route=\"/api/v1/me\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "bangfu_http_request_duration_seconds_bucket{route=\"/api/v1/me\",le=\"0.005\"} 1"
        ));
        assert!(text.contains("bangfu_http_request_duration_seconds_count{route=\"/api/v1/me\"} 2"));
        assert!(text.contains("bangfu_jobs{state=\"queued\"} 2"));
    }
}
