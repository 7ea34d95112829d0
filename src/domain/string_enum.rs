//! `string_enum!`: a closed set of names stored as text. Each enum serializes as its name in the
//! table (the API shape) and is a diesel `Text` column value: writing one writes its name, and reading a
//! name that is not in the set is an error, so a bad status can be neither stored nor read. The diesel
//! impls live here, not in store, so that domain types are column types without domain importing
//! store.

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
            utoipa::ToSchema, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        // Each variant is written as its name in the table, so JSON, the OpenAPI enum and the
        // column agree even where the name is no identifier (an age band's `35_44`).
        pub enum $name { $(#[serde(rename = $s)] #[schema(rename = $s)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $crate::domain::string_enum::text_column!($name);
    };
}

/// The diesel `Text` impls of an enum with `ALL` and `as_str` (the type also derives
/// `diesel::expression::AsExpression` and `diesel::deserialize::FromSqlRow` with `#[diesel(sql_type = Text)]`).
macro_rules! text_column {
    ($name:ident) => {
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                use std::io::Write;
                out.write_all(self.as_str().as_bytes())?;
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn from_sql(value: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
                let s = std::str::from_utf8(value.as_bytes())?;
                // Never a fallback: an unknown name is a broken row, reported as an error.
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| format!("{s:?} is not a {}", stringify!($name)).into())
            }
        }
    };
}

pub(crate) use string_enum;
pub(crate) use text_column;
