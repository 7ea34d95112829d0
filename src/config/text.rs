//! Text helpers of the configuration: the env file format and URLs safe to print.

/// `scheme://user:password@host/db` → `scheme://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "***".to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => format!("{scheme}://{userinfo}@{host}"),
        },
        None => url.to_owned(),
    }
}

pub(super) fn parse_env_file(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = line
            .split_once('=')
            .ok_or_else(|| format!("line {} is not KEY=VALUE", i + 1))?;
        let v = v.trim().trim_matches('"');
        out.push((k.trim().to_owned(), v.to_owned()));
    }
    Ok(out)
}
