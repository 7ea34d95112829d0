//! Units of quantity, and which units can meet. A need and an offer match only when their units
//! measure the same kind of thing: pieces with pieces, money with money, weight with weight (converted),
//! time with time. Money never matches goods.
//!
//! Decisions, written once here:
//! - Piece units (个, 件, 套, 台, 张 …) count one item each and meet at one to one: a 书包 offered by
//!   the 个 fills a need for 书包 counted by the 套. The text decides that both are about the same item.
//! - Package units (袋, 包, 盒, 箱, 瓶, 桶) hold an amount nobody states: a 袋 of rice may be 10 or
//!   25 公斤, a 袋 of fertilizer 40 or 50. A package meets only the same package unit, never a weight,
//!   rather than guess a weight that decides how much a household gets.
//! - Weights (克, 斤 = 0.5 公斤, 公斤 = 千克, 吨) convert exactly through grams.
//! - Time: 天 and 周 convert through days, 月, 季度 and 年 through months; a month is not a fixed
//!   number of days, so the two groups do not meet. 学期 stands alone.
//! - Money: 元 and 万元 (through yuan). People: 人, 人次, 名 (one person each).
//! - Anything else (次, 疗程, 平方米 …, or a unit not in the table) meets only the same unit written
//!   the same way.

use serde::Serialize;
use utoipa::ToSchema;

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Single items (个, 件, 套, 台 …).
    Piece,
    /// A package of no stated weight (袋, 包, 盒 …): meets only itself.
    Package,
    /// Money (元).
    Money,
    /// Weight, in grams.
    Weight,
    /// Time counted in days (天, 周).
    Days,
    /// Time counted in months (月, 季度, 年).
    Months,
    /// People (人, 人次, 名).
    People,
    /// Length, in centimetres (厘米, 米, 公里).
    Length,
    /// A unit that meets only itself (次, 疗程, 学期, 平方米, or anything not in the table).
    Other,
}

/// A unit as parsed: its kind and how many of the kind's base one unit is (grams for weight, yuan
/// for money, days or months for time; 1 otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub name: String,
    pub kind: UnitKind,
    pub base: i64,
}

/// The table: (names, kind, base amount per unit).
const TABLE: &[(&[&str], UnitKind, i64)] = &[
    (
        &[
            "个", "件", "套", "台", "张", "副", "部", "扇", "口", "头", "只", "株", "棵", "棒",
            "双", "把", "辆", "本", "床", "条", "顶", "块", "支", "份", "枚", "根", "架", "座",
            "匹", "盏",
        ],
        UnitKind::Piece,
        1,
    ),
    (
        &["袋", "包", "盒", "箱", "瓶", "桶", "罐", "筐"],
        UnitKind::Package,
        1,
    ),
    (&["元", "块钱", "人民币"], UnitKind::Money, 1),
    (&["万元"], UnitKind::Money, 10_000),
    (&["克", "g"], UnitKind::Weight, 1),
    (&["斤", "市斤"], UnitKind::Weight, 500),
    (&["公斤", "千克", "kg"], UnitKind::Weight, 1_000),
    (&["吨", "t"], UnitKind::Weight, 1_000_000),
    (&["天", "日"], UnitKind::Days, 1),
    (&["周", "星期"], UnitKind::Days, 7),
    (&["月", "个月"], UnitKind::Months, 1),
    (&["季度"], UnitKind::Months, 3),
    (&["年"], UnitKind::Months, 12),
    (&["人", "人次", "名", "位"], UnitKind::People, 1),
    (&["厘米", "cm"], UnitKind::Length, 1),
    (&["米", "m"], UnitKind::Length, 100),
    (&["公里", "千米", "km"], UnitKind::Length, 100_000),
];

impl Unit {
    /// Reads a unit as people type it (surrounding space and ASCII case ignored).
    pub fn parse(s: &str) -> Self {
        let name = s.trim().to_lowercase();
        for (names, kind, base) in TABLE {
            if names.contains(&name.as_str()) {
                return Self {
                    name,
                    kind: *kind,
                    base: *base,
                };
            }
        }
        Self {
            name,
            kind: UnitKind::Other,
            base: 1,
        }
    }
}

/// How an offer's unit meets a need's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitFit {
    /// The same unit.
    Same,
    /// Different names for one amount (个 and 套 of pieces, 公斤 and 千克): one for one.
    OneToOne,
    /// The same kind at another size (斤 and 公斤, 月 and 年): the quantity is converted.
    Converted,
}

/// Whether quantities in `a` and `b` measure the same thing, and how they meet; `None` when they
/// never match (money and goods, pieces and weights, packages and weights …).
pub fn fit(a: &Unit, b: &Unit) -> Option<UnitFit> {
    if a.name == b.name {
        return Some(UnitFit::Same);
    }
    match a.kind {
        UnitKind::Other | UnitKind::Package => None,
        kind if kind != b.kind => None,
        _ if a.base == b.base => Some(UnitFit::OneToOne),
        _ => Some(UnitFit::Converted),
    }
}

/// `quantity` of `from` expressed in `to`, rounded down to whole units; `None` when the units do
/// not meet.
pub fn convert(quantity: i64, from: &Unit, to: &Unit) -> Option<i64> {
    fit(from, to)?;
    if from.name == to.name {
        return Some(quantity);
    }
    Some(quantity.saturating_mul(from.base) / to.base)
}

/// `quantity` of `unit` in the base of its kind (grams, yuan, days, months …), for comparing
/// quantities of units that meet.
pub fn in_base(quantity: i64, unit: &Unit) -> i64 {
    quantity.saturating_mul(unit.base)
}

/// How whole amounts of a need's unit and an offer's unit meet: `need_step` of the need's units are
/// exactly `offer_step` of the offer's, and no smaller whole amounts are equal. A pledge from an
/// offer moves whole steps, so both quantities it carries are whole: 1 公斤 offered is 2 斤
/// needed; a need for 3 斤 served from 公斤 gets 2 斤 (1 公斤), never a fraction of a 公斤.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exchange {
    pub need_step: i64,
    pub offer_step: i64,
}

impl Exchange {
    /// The exchange between a need's unit and an offer's; `None` when they never meet.
    pub fn between(need: &Unit, offer: &Unit) -> Option<Self> {
        match fit(offer, need)? {
            UnitFit::Same | UnitFit::OneToOne => Some(Self {
                need_step: 1,
                offer_step: 1,
            }),
            UnitFit::Converted => {
                let common = lcm(need.base, offer.base)?;
                Some(Self {
                    need_step: common / need.base,
                    offer_step: common / offer.base,
                })
            }
        }
    }

    /// The offer's units that give exactly `need_quantity` of the need's; `None` when that is not
    /// a whole number of steps.
    pub fn offer_quantity(&self, need_quantity: i64) -> Option<i64> {
        (need_quantity % self.need_step == 0)
            .then(|| (need_quantity / self.need_step).checked_mul(self.offer_step))
            .flatten()
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn lcm(a: i64, b: i64) -> Option<i64> {
    if a <= 0 || b <= 0 {
        return None;
    }
    (a / gcd(a, b)).checked_mul(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit_of(a: &str, b: &str) -> Option<UnitFit> {
        fit(&Unit::parse(a), &Unit::parse(b))
    }

    #[test]
    fn money_never_matches_goods_or_time() {
        for goods in [
            "个", "件", "套", "台", "袋", "斤", "公斤", "月", "学期", "人次", "次",
        ] {
            assert_eq!(fit_of("元", goods), None, "元 ~ {goods}");
            assert_eq!(fit_of(goods, "元"), None, "{goods} ~ 元");
        }
        assert_eq!(fit_of("元", "元"), Some(UnitFit::Same));
        assert_eq!(fit_of("万元", "元"), Some(UnitFit::Converted));
    }

    #[test]
    fn pieces_meet_one_to_one() {
        assert_eq!(fit_of("个", "套"), Some(UnitFit::OneToOne));
        assert_eq!(fit_of("件", "套"), Some(UnitFit::OneToOne));
        assert_eq!(fit_of("台", "个"), Some(UnitFit::OneToOne));
        assert_eq!(fit_of(" 台 ", "台"), Some(UnitFit::Same));
        assert_eq!(fit_of("件", "袋"), None, "coats are not a bag of grain");
        assert_eq!(fit_of("件", "月"), None);
        assert_eq!(fit_of("个", "斤"), None);
    }

    #[test]
    fn weights_convert_and_bags_stand_alone() {
        assert_eq!(fit_of("斤", "公斤"), Some(UnitFit::Converted));
        assert_eq!(fit_of("公斤", "千克"), Some(UnitFit::OneToOne));
        assert_eq!(fit_of("KG", "公斤"), Some(UnitFit::OneToOne));
        assert_eq!(fit_of("袋", "袋"), Some(UnitFit::Same));
        assert_eq!(fit_of("袋", "公斤"), None, "a bag has no stated weight");
        assert_eq!(fit_of("斤", "袋"), None);
        assert_eq!(fit_of("袋", "包"), None);
        let (jin, kg, ton) = (Unit::parse("斤"), Unit::parse("公斤"), Unit::parse("吨"));
        assert_eq!(convert(10, &kg, &jin), Some(20));
        assert_eq!(convert(20, &jin, &kg), Some(10));
        assert_eq!(convert(3, &jin, &kg), Some(1), "rounded down: 1.5 公斤");
        assert_eq!(convert(2, &ton, &jin), Some(4_000));
        assert_eq!(in_base(3, &jin), 1_500);
        assert_eq!(convert(3, &jin, &Unit::parse("个")), None);
    }

    #[test]
    fn time_and_others() {
        assert_eq!(fit_of("月", "年"), Some(UnitFit::Converted));
        assert_eq!(convert(2, &Unit::parse("年"), &Unit::parse("月")), Some(24));
        assert_eq!(
            fit_of("月", "天"),
            None,
            "a month is not a fixed number of days"
        );
        assert_eq!(fit_of("学期", "月"), None);
        assert_eq!(fit_of("人", "人次"), Some(UnitFit::OneToOne));
        assert_eq!(fit_of("人", "学期"), None);
        assert_eq!(fit_of("次", "次"), Some(UnitFit::Same));
        assert_eq!(fit_of("次", "个"), None);
        assert_eq!(fit_of("疗程", "盒"), None);
        assert_eq!(fit_of("米", "公里"), Some(UnitFit::Converted));
        assert_eq!(Unit::parse("平方米").kind, UnitKind::Other);
    }

    #[test]
    fn every_unit_of_the_demo_is_in_the_table_or_stands_alone_on_purpose() {
        let alone = ["次", "疗程", "学期", "平方米"];
        for u in [
            "月",
            "元",
            "次",
            "盒",
            "疗程",
            "台",
            "张",
            "个",
            "包",
            "副",
            "学期",
            "套",
            "平方米",
            "扇",
            "吨",
            "米",
            "口",
            "袋",
            "株",
            "棒",
            "头",
            "箱",
            "人次",
            "部",
            "件",
            "人",
        ] {
            let unit = Unit::parse(u);
            assert_eq!(
                unit.kind == UnitKind::Other,
                alone.contains(&u),
                "{u}: {unit:?}"
            );
        }
    }

    #[test]
    fn exchanges_move_whole_units_on_both_sides() {
        let ex =
            |need: &str, offer: &str| Exchange::between(&Unit::parse(need), &Unit::parse(offer));
        let e = |need_step, offer_step| {
            Some(Exchange {
                need_step,
                offer_step,
            })
        };
        assert_eq!(ex("斤", "公斤"), e(2, 1));
        assert_eq!(ex("公斤", "斤"), e(1, 2));
        assert_eq!(ex("斤", "吨"), e(2000, 1));
        assert_eq!(ex("年", "月"), e(1, 12));
        assert_eq!(ex("套", "个"), e(1, 1));
        assert_eq!(ex("斤", "斤"), e(1, 1));
        assert_eq!(ex("元", "个"), None);
        assert_eq!(ex("袋", "公斤"), None);
        let jin_from_kg = ex("斤", "公斤").unwrap();
        assert_eq!(jin_from_kg.offer_quantity(40), Some(20));
        assert_eq!(jin_from_kg.offer_quantity(3), None);
        let kg_from_jin = ex("公斤", "斤").unwrap();
        assert_eq!(kg_from_jin.offer_quantity(3), Some(6));
    }
}
