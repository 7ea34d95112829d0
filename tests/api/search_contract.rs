//! The search contract for what a newcomer types: extra words, a wrong character, stop words, one
//! character, Chinese mixed with Latin, quantities, traditional characters and pinyin. The same
//! queries run against the embedded engine and, when `MEILI_URL` is set, Meilisearch; each expected
//! answer is what Meilisearch returns (matching strategy `last`, jieba without HMM, stop words not
//! indexed and dropped from queries except the last word, the last word a prefix, typos from five
//! characters on, ranking rules words, typo, proximity, attribute, sort, exactness), and the
//! embedded engine must give the same. Where Meilisearch's order depends on word positions (which
//! the embedded engine does not rank by), the test compares the tied hits as a set.

use super::search_fixture::{doc, engines_with, offer_doc, query};
use bangfu::search::document::NeedDocument;
use bangfu::search::query::SearchQuery;
use bangfu::search::Engine;

fn need(id: &str, title: &str, description: &str, category: &str) -> NeedDocument {
    doc(
        id,
        title,
        description,
        category,
        ("urgent", 2),
        "411224101200",
        1,
        1_000,
        100,
    )
}

fn needs() -> Vec<NeedDocument> {
    vec![
        need("n1", "急需电动轮椅一台", "父亲偏瘫，出行就医不便", "care"),
        need("n2", "轮椅坐垫两个", "久坐生疮，想要减压坐垫", "care"),
        // 临沂 (Linyi) is `linyi`, one typo from `lunyi`, and `ly` like 轮椅.
        need(
            "n3",
            "去临沂务工路费",
            "在临沂工地找到活，缺路费",
            "employment",
        ),
        need("n4", "小学篮球五个", "村小体育课没有篮球", "education"),
        need(
            "n5",
            "篮球场旁修轮椅坡道",
            "方便坐轮椅的老人进出",
            "housing",
        ),
        need("n6", "冬季棉被三床", "老人过冬没有被子", "food_clothing"),
        need("n7", "化肥50袋", "春耕种玉米", "production"),
        need("n8", "大米500斤", "口粮不够吃", "food_clothing"),
        need("n9", "学生LED护眼台灯", "晚上写作业光线暗", "education"),
        // Written in traditional characters.
        need("n10", "助聽器一副", "老人耳背，聽不見", "care"),
    ]
}

/// The hits in the engine's order.
async fn hits(e: &Engine, text: &str) -> Vec<String> {
    e.search_needs(query(text)).await.unwrap().ids
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

#[tokio::test]
async fn extra_words_are_dropped_from_the_end() {
    for (name, e, _dir) in engines_with(needs(), vec![]).await {
        let r = e.search_needs(query("轮椅 篮球")).await.unwrap();
        assert_eq!(r.ids[0], "n5", "{name}: both words first: {:?}", r.ids);
        assert_eq!(
            sorted(&r.ids[1..]),
            ["n1", "n2"],
            "{name}: then 轮椅 alone; 篮球 alone (n4) is never searched for"
        );
        assert_eq!(r.total, 3, "{name}: every document with the first word");
        let page = |offset, limit| SearchQuery {
            offset,
            limit,
            ..query("轮椅 篮球")
        };
        assert_eq!(
            e.search_needs(page(0, 1)).await.unwrap().ids,
            ["n5"],
            "{name}"
        );
        let second = e.search_needs(page(1, 2)).await.unwrap();
        assert_eq!(
            sorted(&second.ids),
            ["n1", "n2"],
            "{name}: paging across buckets"
        );
        assert_eq!(second.total, 3, "{name}");
        assert_eq!(
            hits(&e, "篮球 轮椅").await[0],
            "n5",
            "{name}: the order of the words decides which is dropped"
        );
        assert_eq!(sorted(&hits(&e, "篮球 轮椅").await[1..]), ["n4"], "{name}");
    }
}

#[tokio::test]
async fn a_wrong_character_still_finds_the_rest_of_the_word() {
    for (name, e, _dir) in engines_with(needs(), vec![]).await {
        // jieba cuts 电动论椅 into 电动 论 椅; 椅 and then 论 are dropped, 电动 finds it.
        assert_eq!(hits(&e, "电动论椅").await, ["n1"], "{name}");
    }
}

#[tokio::test]
async fn stop_words_single_characters_mixed_text_and_quantities() {
    for (name, e, _dir) in engines_with(needs(), vec![]).await {
        assert!(
            hits(&e, "需要 的").await.is_empty(),
            "{name}: only the last stop word is searched, as a prefix, and stop words are not indexed"
        );
        assert!(hits(&e, "急需").await.is_empty(), "{name}");
        assert_eq!(
            hits(&e, "被").await,
            ["n6"],
            "{name}: one character is a prefix (被子), not a part of a word (棉被)"
        );
        assert_eq!(
            hits(&e, "LED台灯").await,
            ["n9"],
            "{name}: Latin and Chinese"
        );
        assert_eq!(
            hits(&e, "led").await,
            ["n9"],
            "{name}: case does not matter"
        );
        assert_eq!(
            hits(&e, "50").await,
            ["n7", "n8"],
            "{name}: a number is a word; as the last word also a prefix (500), the exact one first"
        );
        assert_eq!(
            hits(&e, "50袋").await,
            ["n7"],
            "{name}: 50 no longer a prefix"
        );
    }
}

#[tokio::test]
async fn category_words_and_quantities_typed_first() {
    for (name, e, _dir) in engines_with(needs(), vec![]).await {
        assert_eq!(
            sorted(&hits(&e, "教育").await),
            ["n4", "n9"],
            "{name}: a category's word finds its needs"
        );
        assert_eq!(hits(&e, "住房").await, ["n5"], "{name}");
        assert_eq!(
            hits(&e, "500斤大米").await,
            ["n8"],
            "{name}: a quantity typed first goes last, so the strategy `last` drops it first"
        );
        assert_eq!(hits(&e, "50袋 化肥").await, ["n7"], "{name}");
        assert_eq!(
            hits(&e, "3袋 化肥").await,
            ["n7"],
            "{name}: a quantity no need has is dropped"
        );
    }
}

#[tokio::test]
async fn traditional_and_simplified_characters_find_each_other() {
    for (name, e, _dir) in engines_with(needs(), vec![]).await {
        assert_eq!(hits(&e, "電動輪椅").await, ["n1"], "{name}");
        assert_eq!(
            sorted(&hits(&e, "輪椅").await),
            ["n1", "n2", "n5"],
            "{name}"
        );
        assert_eq!(
            hits(&e, "助听器").await,
            ["n10"],
            "{name}: a traditional text found in simplified"
        );
        assert_eq!(hits(&e, "助聽器").await, ["n10"], "{name}");
        assert_eq!(
            hits(&e, "听不见").await,
            ["n10"],
            "{name}: the description too"
        );
    }
}

#[tokio::test]
async fn pinyin_and_initials_find_titles_below_chinese_text() {
    for (name, e, _dir) in engines_with(needs(), vec![]).await {
        let r = hits(&e, "lunyi").await;
        assert_eq!(r.len(), 4, "{name}: {r:?}");
        assert_eq!(sorted(&r[..3]), ["n1", "n2", "n5"], "{name}: {r:?}");
        assert_eq!(
            r[3], "n3",
            "{name}: 轮椅 (lunyi) outranks the coincidence 临沂 (linyi, one typo)"
        );
        assert_eq!(
            sorted(&hits(&e, "lun yi").await),
            ["n1", "n2", "n5"],
            "{name}: syllables"
        );
        assert_eq!(
            sorted(&hits(&e, "ly").await),
            ["n1", "n2", "n3", "n5"],
            "{name}: initials of a word (临沂 is ly too)"
        );
        assert_eq!(
            hits(&e, "ddly").await,
            ["n1"],
            "{name}: initials of the title"
        );
        assert_eq!(
            hits(&e, "diandonglunyi").await,
            ["n1"],
            "{name}: the whole title's pinyin"
        );
        assert_eq!(
            sorted(&hits(&e, "轮椅").await),
            ["n1", "n2", "n5"],
            "{name}: Chinese words never match pinyin: 临沂 is not a hit for 轮椅"
        );
        assert_eq!(
            hits(&e, "zhutingqi").await,
            ["n10"],
            "{name}: pinyin of a traditional title"
        );
    }
}

#[tokio::test]
async fn offers_fold_and_have_pinyin_too() {
    let offers = vec![
        offer_doc("o1", "輪椅十台", "care", None, true, 10, 4_000, 300),
        offer_doc(
            "o2",
            "爱心书包300个",
            "education",
            Some("411224"),
            true,
            300,
            5_000,
            100,
        ),
    ];
    for (name, e, _dir) in engines_with(vec![], offers.clone()).await {
        let ids = |text: &str| {
            let e = e.clone();
            let q = query(text);
            async move { e.search_offers(q).await.unwrap().ids }
        };
        assert_eq!(ids("轮椅").await, ["o1"], "{name}");
        assert_eq!(ids("lunyi").await, ["o1"], "{name}");
        assert_eq!(ids("書包").await, ["o2"], "{name}");
        assert_eq!(ids("sb").await, ["o2"], "{name}");
        assert_eq!(ids("300").await, ["o2"], "{name}");
    }
}
