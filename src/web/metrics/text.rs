//! The Prometheus text exposition format (version 0.0.4), written by hand: `# HELP` and
//! `# TYPE` before each family, then one `name{label="value"} number` line per sample. It is a
//! small format, and a crate for it would bring a registry we do not need.

use super::{BUCKETS, RouteSnapshot};
use std::fmt::Write;

/// The `Content-Type` scrapers expect for this format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// A metrics page being written.
#[derive(Default)]
pub struct Exposition {
    text: String,
}

impl Exposition {
    /// Starts a family: its help line and its type (`counter`, `gauge`, `histogram`).
    pub fn family(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.text, "# HELP {name} {help}");
        let _ = writeln!(self.text, "# TYPE {name} {kind}");
    }

    /// One sample; label values are escaped as the format requires.
    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        self.text.push_str(name);
        if !labels.is_empty() {
            self.text.push('{');
            for (i, (k, v)) in labels.iter().enumerate() {
                if i > 0 {
                    self.text.push(',');
                }
                let _ = write!(self.text, "{k}=\"{}\"", escape(v));
            }
            self.text.push('}');
        }
        let _ = writeln!(self.text, " {value}");
    }

    /// A gauge family with a single unlabelled sample.
    pub fn gauge(&mut self, name: &str, help: &str, value: f64) {
        self.family(name, "gauge", help);
        self.sample(name, &[], value);
    }

    /// The page.
    pub fn finish(self) -> String {
        self.text
    }
}

/// Backslash, double quote and line feed escaped, as label values must be.
fn escape(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains(['\\', '"', '\n']) {
        return value.into();
    }
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .into()
}

/// The request counter and latency histogram families of every route seen.
pub fn requests(out: &mut Exposition, routes: &[RouteSnapshot]) {
    let name = "pdsa_http_requests_total";
    out.family(
        name,
        "counter",
        "HTTP requests answered, by route template, method and status.",
    );
    for r in routes {
        for (method, status, n) in &r.counts {
            let status = status.to_string();
            let labels = [
                ("route", r.route.as_str()),
                ("method", method),
                ("status", &status),
            ];
            out.sample(name, &labels, *n as f64);
        }
    }
    let name = "pdsa_http_request_duration_seconds";
    out.family(
        name,
        "histogram",
        "Time from receiving a request to its response, by route template.",
    );
    for r in routes {
        histogram(out, name, r);
    }
}

/// One route's buckets, cumulative and ending with `+Inf`, then its sum and count.
fn histogram(out: &mut Exposition, name: &str, r: &RouteSnapshot) {
    let bucket = format!("{name}_bucket");
    let mut seen = 0;
    for (i, n) in r.buckets.iter().enumerate() {
        seen += n;
        let le = BUCKETS.get(i).map_or("+Inf".to_string(), |b| b.to_string());
        out.sample(&bucket, &[("route", &r.route), ("le", &le)], seen as f64);
    }
    let labels = [("route", r.route.as_str())];
    out.sample(&format!("{name}_sum"), &labels, r.sum_seconds);
    out.sample(&format!("{name}_count"), &labels, seen as f64);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_escape_label_values_and_histograms_are_cumulative() {
        let mut out = Exposition::default();
        out.gauge("pdsa_up", "Whether it runs.", 1.0);
        out.sample("x", &[("path", "a\"b\\c\nd")], 2.5);
        let mut buckets = [0; 12];
        buckets[0] = 2;
        buckets[3] = 1;
        buckets[11] = 1;
        let route = RouteSnapshot {
            route: "/teams/{id}".into(),
            counts: vec![("GET", 200, 4)],
            buckets,
            sum_seconds: 11.5,
        };
        requests(&mut out, &[route]);
        let text = out.finish();
        assert!(
            text.starts_with("# HELP pdsa_up Whether it runs.\n# TYPE pdsa_up gauge\npdsa_up 1\n")
        );
        assert!(text.contains("x{path=\"a\\\"b\\\\c\\nd\"} 2.5\n"));
        assert!(text.contains(
            "pdsa_http_requests_total{route=\"/teams/{id}\",method=\"GET\",status=\"200\"} 4\n"
        ));
        let bucket = |le: &str| format!("_bucket{{route=\"/teams/{{id}}\",le=\"{le}\"}}");
        assert!(text.contains(&format!("{} 2\n", bucket("0.005"))));
        assert!(text.contains(&format!("{} 3\n", bucket("0.05"))));
        assert!(text.contains(&format!("{} 3\n", bucket("10"))));
        assert!(text.contains(&format!("{} 4\n", bucket("+Inf"))));
        assert!(
            text.contains("pdsa_http_request_duration_seconds_count{route=\"/teams/{id}\"} 4\n")
        );
    }
}
