//! What the demo households and needs say: names, need texts per category (with units, quantities
//! and values), the mix of statuses and rejections, and the random picks over them.

use crate::domain::need::{Category, HardshipCause, NeedStatus};
use crate::domain::IdNumber;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

pub(super) const ACCOUNT_EVERY: usize = 3; // every third household has its own login

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭",
];
pub(super) const GIVEN: &[&str] = &[
    "建国", "秀兰", "桂芳", "玉梅", "国强", "志刚", "春花", "淑珍", "红霞", "永福", "德胜", "金凤",
    "海军", "明亮", "丽娟", "长庚", "福生", "小燕", "建华", "凤英", "保国", "来福", "翠萍", "宏伟",
    "书文", "满仓", "巧云", "天佑", "素芬", "根生",
];

/// (title, description, unit, quantity range, value per unit in fen)
type Template = (
    &'static str,
    &'static str,
    &'static str,
    (i32, i32),
    (i64, i64),
);

pub(super) fn templates(c: Category) -> &'static [Template] {
    match c {
        Category::Medical => &[
            (
                "慢性病长期用药补助",
                "家中老人患高血压、糖尿病多年，每月药费三百余元，收入难以负担。",
                "月",
                (3, 12),
                (25_000, 40_000),
            ),
            (
                "住院手术费用缺口",
                "户主因病需在县医院手术，新农合报销后仍有自付部分无力承担。",
                "元",
                (2_000, 8_000),
                (100, 100),
            ),
            (
                "透析治疗往返交通补助",
                "家人尿毒症每周透析三次，往返县城车费负担重。",
                "次",
                (24, 72),
                (3_000, 5_000),
            ),
            (
                "胰岛素及血糖试纸",
                "糖尿病需长期注射胰岛素，需要药品和试纸。",
                "盒",
                (6, 24),
                (6_000, 12_000),
            ),
            (
                "术后康复药品",
                "手术后需服用康复药物三个月。",
                "疗程",
                (1, 3),
                (50_000, 90_000),
            ),
        ],
        Category::Care => &[
            (
                "轮椅一台",
                "家人因脑梗后遗症偏瘫，出行就医需要轮椅。",
                "台",
                (1, 1),
                (60_000, 120_000),
            ),
            (
                "电动轮椅一台",
                "老人双腿无力，手推轮椅家人推不动，需要电动轮椅出门就医。",
                "台",
                (1, 1),
                (200_000, 400_000),
            ),
            (
                "护理床一张",
                "长期卧床老人需要可升降护理床，防止褥疮。",
                "张",
                (1, 1),
                (150_000, 300_000),
            ),
            (
                "助行器一个",
                "腿脚残疾，行走需要助行器。",
                "个",
                (1, 2),
                (15_000, 30_000),
            ),
            (
                "成人纸尿裤",
                "失能老人长期卧床，需要纸尿裤。",
                "包",
                (10, 40),
                (4_000, 6_000),
            ),
            (
                "康复训练服务",
                "孩子脑瘫，需要到县康复中心做康复训练。",
                "次",
                (10, 30),
                (8_000, 15_000),
            ),
            (
                "适配助听器",
                "老人听力残疾，需要适配助听器。",
                "副",
                (1, 2),
                (80_000, 200_000),
            ),
        ],
        // 学习用品和书包 comes early so that even a small demo has a need the README's 爱心书包 serve.
        Category::Education => &[
            (
                "高中学杂费",
                "孩子在县一高上学，学杂费和住宿费家里拿不出。",
                "学期",
                (1, 2),
                (150_000, 250_000),
            ),
            (
                "学习用品和书包",
                "两个孩子上小学，需要书包、文具和课外书。",
                "套",
                (1, 3),
                (8_000, 15_000),
            ),
            (
                "大学新生路费和生活费",
                "孩子考上大学，需要路费和第一个月生活费。",
                "元",
                (2_000, 5_000),
                (100, 100),
            ),
            (
                "冬季校服和棉鞋",
                "孩子冬天上学没有厚衣服和棉鞋。",
                "套",
                (1, 3),
                (15_000, 25_000),
            ),
            (
                "寄宿生活费补助",
                "孩子在镇中学寄宿，每周生活费困难。",
                "月",
                (3, 10),
                (30_000, 50_000),
            ),
        ],
        Category::Housing => &[
            (
                "危房屋顶修缮",
                "土坯房屋顶漏雨，雨季有安全隐患，需要瓦片和人工。",
                "平方米",
                (20, 60),
                (6_000, 10_000),
            ),
            (
                "门窗更换",
                "老房门窗破损，冬天漏风。",
                "扇",
                (2, 6),
                (30_000, 60_000),
            ),
            (
                "冬季取暖用煤",
                "山区冬季寒冷，需要取暖用煤。",
                "吨",
                (1, 2),
                (90_000, 120_000),
            ),
            (
                "厨房灶台改造",
                "灶台破旧冒烟，需要改造。",
                "套",
                (1, 1),
                (100_000, 200_000),
            ),
        ],
        Category::DrinkingWater => &[
            (
                "入户自来水管道",
                "村里集中供水已通，家里到主管道还差一段水管。",
                "米",
                (30, 150),
                (1_500, 3_000),
            ),
            (
                "家用净水设备",
                "井水水质偏硬，需要净水器。",
                "台",
                (1, 1),
                (80_000, 150_000),
            ),
            (
                "水窖修缮",
                "旱季吃水靠水窖，水窖开裂渗漏。",
                "口",
                (1, 1),
                (200_000, 400_000),
            ),
            (
                "大容量储水桶",
                "山上取水不便，需要大储水桶。",
                "个",
                (2, 4),
                (8_000, 15_000),
            ),
        ],
        Category::FoodClothing => &[
            (
                "冬季棉被棉衣",
                "家里老人过冬没有厚棉被和棉衣。",
                "套",
                (1, 4),
                (20_000, 40_000),
            ),
            (
                "米面油口粮",
                "家中劳动力因病丧失，口粮困难。",
                "袋",
                (4, 12),
                (5_000, 10_000),
            ),
            (
                "冬衣和棉鞋",
                "孩子和老人需要冬衣和棉鞋。",
                "套",
                (2, 5),
                (10_000, 25_000),
            ),
        ],
        Category::Production => &[
            (
                "核桃树苗",
                "想扩种核桃，需要优质嫁接苗。",
                "株",
                (50, 200),
                (800, 1_500),
            ),
            (
                "香菇菌棒",
                "发展香菇种植，需要菌棒。",
                "棒",
                (1_000, 5_000),
                (250, 400),
            ),
            (
                "复合化肥",
                "春耕需要化肥。",
                "袋",
                (5, 20),
                (12_000, 18_000),
            ),
            (
                "仔猪养殖",
                "想养猪增收，需要仔猪。",
                "头",
                (2, 5),
                (60_000, 90_000),
            ),
            (
                "养蜂蜂箱",
                "山区适合养蜂，需要蜂箱和蜂种。",
                "箱",
                (5, 20),
                (30_000, 50_000),
            ),
            (
                "连翘种苗",
                "种植中药材连翘，需要种苗。",
                "株",
                (200, 1_000),
                (100, 300),
            ),
        ],
        Category::Employment => &[
            (
                "电焊技能培训",
                "家中青年想学电焊外出务工，需要培训费。",
                "人次",
                (1, 1),
                (150_000, 300_000),
            ),
            (
                "家政服务培训",
                "妇女想学家政技能就近务工。",
                "人次",
                (1, 2),
                (50_000, 120_000),
            ),
            (
                "就近务工岗位",
                "因照顾病人不能外出，希望在附近企业找到工作。",
                "个",
                (1, 1),
                (0, 0),
            ),
            (
                "农村电商培训",
                "想在网上卖核桃和香菇，需要电商培训。",
                "人次",
                (1, 2),
                (30_000, 80_000),
            ),
        ],
        Category::Other => &[
            (
                "手机和话费",
                "老人独居，子女外出，需要老人手机联系。",
                "部",
                (1, 1),
                (20_000, 40_000),
            ),
            (
                "证件办理路费",
                "需要去市里办理残疾证评定，路费困难。",
                "次",
                (1, 3),
                (5_000, 10_000),
            ),
        ],
    }
}

/// Which status a demo need is in, with its weight (per 100).
pub(super) const STATUSES: &[(NeedStatus, u32)] = &[
    (NeedStatus::PendingReview, 15),
    (NeedStatus::Open, 45),
    (NeedStatus::FullyPledged, 5),
    (NeedStatus::Fulfilled, 10),
    (NeedStatus::Rejected, 8),
    (NeedStatus::Withdrawn, 5),
    (NeedStatus::Expired, 12),
];

pub(super) const REJECTIONS: &[&str] = &[
    "请补充医院诊断证明",
    "与已有需求重复",
    "经核实已享受相关政策保障",
    "金额偏高，请按实际需要修改",
    "请补充学校在读证明",
];

pub(super) fn pick_status(rng: &mut StdRng) -> NeedStatus {
    let mut roll = rng.gen_range(0..100);
    for (s, w) in STATUSES {
        if roll < *w {
            return *s;
        }
        roll -= w;
    }
    NeedStatus::Open
}

pub(super) fn pick_category(rng: &mut StdRng, causes: &[HardshipCause]) -> Category {
    // Households poor through illness or disability ask mostly for medical and care support.
    let sick = causes
        .iter()
        .any(|c| matches!(c, HardshipCause::Illness | HardshipCause::Disability));
    if sick && rng.gen_bool(0.55) {
        return if rng.gen_bool(0.5) {
            Category::Medical
        } else {
            Category::Care
        };
    }
    *Category::ALL.choose(rng).unwrap_or(&Category::Other)
}

/// Unique per `seq` (below 62,000): the year and sequence number come from it.
pub(super) fn id_number(rng: &mut StdRng, seq: usize) -> Option<IdNumber> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let base = format!(
        "411224{:04}{:02}{:02}{:03}",
        1940 + (seq / 1000) % 62,
        rng.gen_range(1..13),
        rng.gen_range(1..29),
        seq % 1000
    );
    let sum: u32 = WEIGHTS
        .iter()
        .zip(base.bytes())
        .map(|(w, d)| w * u32::from(d - b'0'))
        .sum();
    IdNumber::parse(&format!(
        "{base}{}",
        "10X98765432".as_bytes()[(sum % 11) as usize] as char
    ))
    .ok()
}
