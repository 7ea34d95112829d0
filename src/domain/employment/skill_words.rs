//! Each [`Skill`] in the words people type when they look for work: the job search indexes them
//! beside a posting's title, so 缝纫 or 厨师 finds a posting that only ticked the skill. Defined
//! once here; the first word is the skill's label.

use super::Skill;

/// The Chinese words of a skill, its label first.
pub fn words(skill: Skill) -> &'static [&'static str] {
    match skill {
        Skill::Farming => &["种植", "农业", "种地"],
        Skill::Livestock => &["养殖", "畜牧", "饲养"],
        Skill::Construction => &["建筑", "施工", "泥瓦工"],
        Skill::Manufacturing => &["制造", "生产", "普工"],
        Skill::Sewing => &["缝纫", "缝纫工", "服装"],
        Skill::Handicraft => &["手工", "手工艺", "编织"],
        Skill::Cooking => &["烹饪", "厨师", "做饭"],
        Skill::Cleaning => &["保洁", "清洁", "家政"],
        Skill::Care => &["护理", "护工", "养老"],
        Skill::Driving => &["驾驶", "司机"],
        Skill::Logistics => &["物流", "快递", "仓储"],
        Skill::Electrician => &["电工", "水电"],
        Skill::Welding => &["焊工", "电焊"],
        Skill::Ecommerce => &["电商", "直播", "网店"],
        Skill::Retail => &["销售", "营业员", "零售"],
        Skill::Security => &["保安", "安保"],
    }
}

/// The skill's label (its first word).
pub fn label(skill: Skill) -> &'static str {
    words(skill)
        .first()
        .copied()
        .unwrap_or_else(|| skill.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_skill_has_chinese_words() {
        for &s in Skill::ALL {
            let w = words(s);
            assert!(!w.is_empty(), "{s}");
            assert!(
                w.iter().all(|x| !x.is_ascii() && !x.contains(' ')),
                "{s}: {w:?}"
            );
            assert_eq!(label(s), w[0]);
        }
        assert_eq!(label(Skill::Sewing), "缝纫");
        assert!(words(Skill::Cooking).contains(&"厨师"));
    }
}
