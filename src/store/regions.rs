//! Regions: the administrative divisions, loaded from the bundled data file.

use crate::domain::{RegionCode, RegionLevel};
use crate::schema::regions;
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;

use super::Conn;

const BUNDLED: &str = include_str!("data/regions_2023.tsv");

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = regions)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = regions)]
struct NewRegion<'a> {
    code: &'a str,
    name: &'a str,
    level: &'static str,
    parent_code: Option<String>,
}

/// Parses the bundled file: `code<TAB>name` lines, parents before children.
fn bundled_rows() -> anyhow::Result<Vec<NewRegion<'static>>> {
    let mut rows = Vec::new();
    for (i, line) in BUNDLED.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (code, name) = line
            .split_once('\t')
            .ok_or_else(|| anyhow::anyhow!("regions line {}: no tab", i + 1))?;
        let parsed =
            RegionCode::parse(code).map_err(|e| anyhow::anyhow!("regions line {}: {e}", i + 1))?;
        if parsed.as_str() != code {
            anyhow::bail!("regions line {}: {code} is not in short form", i + 1);
        }
        rows.push(NewRegion {
            code,
            name,
            level: parsed.level().as_str(),
            parent_code: parsed.parent().map(|p| p.as_str().to_owned()),
        });
    }
    Ok(rows)
}

/// Upserts every bundled region; running it again changes nothing.
pub async fn load_bundled(conn: &mut Conn) -> anyhow::Result<usize> {
    let rows = bundled_rows()?;
    let n = rows.len();
    // Rows are sorted parents first, and chunks are applied in order, so foreign keys always hold.
    for chunk in rows.chunks(2000) {
        diesel::insert_into(regions::table)
            .values(chunk)
            .on_conflict(regions::code)
            .do_update()
            .set(regions::name.eq(excluded(regions::name)))
            .execute(conn)
            .await?;
    }
    Ok(n)
}

pub async fn find(conn: &mut Conn, code: &RegionCode) -> QueryResult<Option<Region>> {
    regions::table
        .find(code.as_str())
        .select(Region::as_select())
        .first(conn)
        .await
        .optional()
}

/// The region and its ancestors, province first.
pub async fn path(conn: &mut Conn, code: &RegionCode) -> QueryResult<Vec<Region>> {
    let codes: Vec<String> = code
        .ancestry()
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let mut rows: Vec<Region> = regions::table
        .filter(regions::code.eq_any(&codes))
        .select(Region::as_select())
        .load(conn)
        .await?;
    rows.sort_by_key(|r| r.code.len());
    Ok(rows)
}

pub async fn children(
    conn: &mut Conn,
    parent: &RegionCode,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Region>, i64)> {
    let total: i64 = regions::table
        .filter(regions::parent_code.eq(parent.as_str()))
        .count()
        .get_result(conn)
        .await?;
    let rows = regions::table
        .filter(regions::parent_code.eq(parent.as_str()))
        .order(regions::code)
        .offset(offset)
        .limit(limit)
        .select(Region::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

pub async fn provinces(
    conn: &mut Conn,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Region>, i64)> {
    let total: i64 = regions::table
        .filter(regions::parent_code.is_null())
        .count()
        .get_result(conn)
        .await?;
    let rows = regions::table
        .filter(regions::parent_code.is_null())
        .order(regions::code)
        .offset(offset)
        .limit(limit)
        .select(Region::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

pub async fn count_children(conn: &mut Conn, code: &str) -> QueryResult<i64> {
    regions::table
        .filter(regions::parent_code.eq(code))
        .count()
        .get_result(conn)
        .await
}

impl Region {
    pub fn level(&self) -> RegionLevel {
        RegionCode::from_trusted(self.code.clone()).level()
    }
}

/// Every region on the paths of `codes` (each code and its ancestors), by code, in one query.
pub async fn ancestry_map<'a>(
    conn: &mut Conn,
    codes: impl IntoIterator<Item = &'a str>,
) -> QueryResult<std::collections::HashMap<String, Region>> {
    let mut all: Vec<RegionCode> = Vec::new();
    for code in codes {
        for c in RegionCode::from_trusted(code.to_owned()).ancestry() {
            if !all.contains(&c) {
                all.push(c);
            }
        }
    }
    Ok(find_many(conn, &all)
        .await?
        .into_iter()
        .map(|r| (r.code.clone(), r))
        .collect())
}

/// The names on a stored code's path, province first, joined by spaces ("河南省 三门峡市 卢氏县"),
/// from an [`ancestry_map`] that holds it.
pub fn path_name(map: &std::collections::HashMap<String, Region>, code: &str) -> String {
    RegionCode::from_trusted(code.to_owned())
        .ancestry()
        .iter()
        .filter_map(|c| map.get(c.as_str()).map(|r| r.name.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn find_many(conn: &mut Conn, codes: &[RegionCode]) -> QueryResult<Vec<Region>> {
    let codes: Vec<&str> = codes.iter().map(RegionCode::as_str).collect();
    regions::table
        .filter(regions::code.eq_any(codes))
        .select(Region::as_select())
        .load(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_file_is_well_formed_and_complete() {
        let rows = bundled_rows().unwrap();
        let count = |level: &str| rows.iter().filter(|r| r.level == level).count();
        assert_eq!(count("province"), 31);
        assert!(
            count("city") >= 330,
            "prefecture-level cities: {}",
            count("city")
        );
        assert!(count("county") >= 2_800, "counties: {}", count("county"));
        let lushi = |level: &str| {
            rows.iter()
                .filter(|r| r.level == level && r.code.starts_with("411224"))
                .count()
        };
        assert_eq!(lushi("township"), 20);
        assert!(lushi("village") >= 250);
        assert!(rows
            .iter()
            .any(|r| r.code == "411224" && r.name == "卢氏县"));
        // Parents precede children.
        let mut seen = std::collections::HashSet::new();
        for r in &rows {
            if let Some(p) = &r.parent_code {
                assert!(seen.contains(p.as_str()), "{} before its parent", r.code);
            }
            seen.insert(r.code);
        }
    }
}
