//! A deterministic demo village (演示数据): ~300 households in 8 groups per village, the county's mix of
//! categories, plausible families with valid ID numbers, and pairing cadres from backing units. The same
//! seed always gives the same roster, and it scales to any number of households (one village per 300)
//! for benchmarks. The output is an ordinary roster, so it enters the database through the same import
//! path as the county's file.

use crate::date::add_months;
use crate::household::{Category, MonitorCategory, RiskStatus, RiskType};
use crate::idcard::{IdNumber, Sex};
use crate::person::{age_on, Health, Labour, Relation, Schooling};
use crate::roster::{RosterHousehold, RosterPairing, RosterPerson};
use chrono::{Days, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

/// Households per generated village.
pub const HOUSEHOLDS_PER_VILLAGE: usize = 300;
/// Groups per generated village.
pub const GROUPS_PER_VILLAGE: usize = 8;
/// The demo data is as of this day, so it never changes with the calendar.
pub fn reference_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 9, 1).unwrap_or_default()
}

/// Invented townships: no 乡镇 of Suining (or anywhere) is called so, so demo data is never taken for
/// a real village's, on screen or in a printed ledger.
const TOWNSHIPS: &[&str] = &[
    "示范镇", "演示乡", "样例镇", "试用乡", "体验镇", "练习乡", "模拟镇", "范例乡", "示范二镇", "演示二乡",
    "样例二镇", "试用二乡", "体验二镇", "练习二乡", "模拟二镇", "范例二乡", "示范三镇",
];
const VILLAGE_A: &[&str] = &["青", "花", "石", "枫", "桃", "竹", "龙", "凤", "茶", "杉", "梅", "金", "银", "白", "黄", "大", "高", "新", "长", "双"];
const VILLAGE_B: &[&str] = &["坡", "园", "溪", "林", "源", "冲", "坪", "岭", "塘", "湾", "洞", "田", "桥", "山", "口", "江"];
const SURNAMES: &[&str] = &[
    "杨", "杨", "杨", "龙", "龙", "吴", "吴", "刘", "李", "唐", "蒋", "张", "袁", "陈", "谢", "黄", "王",
    "周", "向", "粟", "肖", "邓", "伍", "苏", "滕", "胡", "曾", "罗", "姚", "石",
];
const MALE: &[&str] = &[
    "志", "国", "建", "明", "军", "华", "平", "德", "成", "文", "海", "林", "强", "勇", "伟", "春", "贵",
    "生", "清", "光", "松", "新", "云", "中", "先", "昌", "秋", "良", "富", "财", "永", "祖", "金", "远",
];
const FEMALE: &[&str] = &[
    "秀", "英", "兰", "芳", "玉", "珍", "梅", "桂", "凤", "花", "娟", "红", "丽", "霞", "云", "艳", "琴",
    "莲", "翠", "香", "菊", "萍", "燕", "婷", "慧", "静", "敏", "春", "月", "冬",
];
const UNITS: &[&str] = &[
    "县农业农村局", "县人社局", "县财政局", "县教育局", "县卫健局", "县医保局", "县民政局", "县住建局",
    "县林业局", "县发改局", "县水利局", "县自然资源局", "县交通运输局", "县市场监管局", "县供销社",
];

struct Gen {
    rng: ChaCha8Rng,
    ids: HashSet<String>,
}

impl Gen {
    fn pick<'a>(&mut self, list: &'a [&'a str]) -> &'a str {
        list[self.rng.random_range(0..list.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn given_name(&mut self, sex: Sex) -> String {
        let pool = if sex == Sex::Male { MALE } else { FEMALE };
        let n = if self.chance(0.75) { 2 } else { 1 };
        (0..n).map(|_| self.pick(pool)).collect()
    }

    fn birth(&mut self, age: u32) -> NaiveDate {
        let r = reference_day();
        let days = u64::from(age) * 365 + self.rng.random_range(0..365);
        r.checked_sub_days(Days::new(days)).unwrap_or(r)
    }

    fn id(&mut self, birth: NaiveDate, sex: Sex) -> IdNumber {
        loop {
            let serial = self.rng.random_range(0..1000u16);
            let id = IdNumber::compose("430527", birth, serial, sex);
            if self.ids.insert(id.as_str().to_string()) {
                return id;
            }
        }
    }

    fn phone(&mut self) -> String {
        let second = *[b'3', b'5', b'7', b'8', b'9'].get(self.rng.random_range(0..5)).unwrap_or(&b'3') as char;
        format!("1{second}{:09}", self.rng.random_range(0..1_000_000_000u32))
    }

    fn date_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0) as u64;
        from.checked_add_days(Days::new(self.rng.random_range(0..=span))).unwrap_or(from)
    }

    fn person(&mut self, surname: &str, age: u32, sex: Sex, relation: Relation) -> RosterPerson {
        let birth = self.birth(age);
        let mut id_number = self.id(birth, sex);
        let age = age_on(birth, reference_day());
        let health = match self.rng.random_range(0..100) {
            0..=79 => Health::Healthy,
            80..=89 => Health::Chronic,
            90..=94 => Health::Serious,
            _ => Health::Disabled,
        };
        let health = if age < 40 && health == Health::Chronic { Health::Healthy } else { health };
        if health == Health::Disabled {
            let cert = format!("{}{}{}", id_number.as_str(), self.rng.random_range(1..=7), self.rng.random_range(1..=4));
            id_number = IdNumber::parse(&cert, reference_day()).unwrap_or(id_number);
        }
        let labour = match age {
            0..=15 => Labour::None,
            16..=59 if health == Health::Disabled || health == Health::Serious => Labour::Weak,
            16..=59 if self.chance(0.2) => Labour::Skilled,
            16..=59 => Labour::Ordinary,
            60..=69 => Labour::Weak,
            _ if self.chance(0.5) => Labour::Lost,
            _ => Labour::None,
        };
        let schooling = match age {
            3..=5 => Schooling::Preschool,
            6..=11 => Schooling::Primary,
            12..=14 => Schooling::Junior,
            15..=17 if self.chance(0.6) => Schooling::Senior,
            15..=17 => Schooling::Vocational,
            18..=21 if self.chance(0.3) => Schooling::College,
            18..=21 if self.chance(0.3) => Schooling::University,
            _ => Schooling::NotInSchool,
        };
        let given = self.given_name(sex);
        RosterPerson {
            row: 0,
            name: format!("{surname}{given}"),
            id_number,
            relation,
            labour: Some(labour),
            health: Some(health),
            schooling: Some(schooling),
        }
    }

    fn family(&mut self) -> Vec<RosterPerson> {
        let surname = self.pick(SURNAMES).to_string();
        let head_age = self.rng.random_range(28..86u32);
        let head_sex = if self.chance(0.85) { Sex::Male } else { Sex::Female };
        let mut people = vec![self.person(&surname, head_age, head_sex, Relation::Head)];
        if head_age < 75 && self.chance(0.8) || head_age >= 75 && self.chance(0.4) {
            let other = if head_sex == Sex::Male { Sex::Female } else { Sex::Male };
            let age = (head_age as i32 + self.rng.random_range(-5..4)).clamp(20, 95) as u32;
            let sname = self.pick(SURNAMES).to_string();
            people.push(self.person(&sname, age, other, Relation::Spouse));
        }
        if head_age < 45 && self.chance(0.35) {
            let age = (head_age + self.rng.random_range(24..32)).min(98);
            let sex = if self.chance(0.6) { Sex::Female } else { Sex::Male };
            let rel = if sex == Sex::Male { Relation::Father } else { Relation::Mother };
            people.push(self.person(&surname, age, sex, rel));
        }
        let children = if head_age < 70 { self.rng.random_range(0..4) } else { self.rng.random_range(0..2) };
        for _ in 0..children {
            let age = head_age.saturating_sub(self.rng.random_range(22..36));
            if age > 45 {
                continue;
            }
            let sex = if self.chance(0.52) { Sex::Male } else { Sex::Female };
            let rel = if sex == Sex::Male { Relation::Son } else { Relation::Daughter };
            people.push(self.person(&surname, age, sex, rel));
            if sex == Sex::Male && age >= 24 && self.chance(0.5) {
                let sname = self.pick(SURNAMES).to_string();
                let dil_age = age.saturating_sub(self.rng.random_range(0..4)).max(20);
                people.push(self.person(&sname, dil_age, Sex::Female, Relation::DaughterInLaw));
                if self.chance(0.7) {
                    let gsex = if self.chance(0.5) { Sex::Male } else { Sex::Female };
                    let rel = if gsex == Sex::Male { Relation::Grandson } else { Relation::Granddaughter };
                    let gage = age.saturating_sub(self.rng.random_range(20..30));
                    people.push(self.person(&surname, gage, gsex, rel));
                }
            }
        }
        people
    }
}

/// Generate `households` households from `seed`, 300 to a village. The same arguments always give the
/// same roster.
pub fn generate(households: usize, seed: u64) -> Vec<RosterHousehold> {
    generate_villages(households, HOUSEHOLDS_PER_VILLAGE, seed)
}

/// Generate `households` households with `per_village` households to a village (benchmarks use one
/// village of 1,000).
pub fn generate_villages(households: usize, per_village: usize, seed: u64) -> Vec<RosterHousehold> {
    let per_village = per_village.max(1);
    let mut g = Gen { rng: ChaCha8Rng::seed_from_u64(seed), ids: HashSet::new() };
    let today = reference_day();
    let villages = households.div_ceil(per_village).max(1);
    let mut out = Vec::with_capacity(households);
    let mut village_names = HashSet::new();
    for v in 0..villages {
        let township = TOWNSHIPS[v % TOWNSHIPS.len()].to_string();
        let village = loop {
            // 青坡演示村: the word 演示 in every village's name, too.
            let name = format!("{}{}演示村", g.pick(VILLAGE_A), g.pick(VILLAGE_B));
            let key = format!("{township}/{name}");
            if village_names.insert(key) {
                break name;
            }
            if village_names.len() >= VILLAGE_A.len() * VILLAGE_B.len() * TOWNSHIPS.len() / 2 {
                break format!("{name}{v}");
            }
        };
        let in_village = (households - v * per_village).min(per_village);
        // Pairing cadres of this village: about five households each, from the backing units.
        let cadre_count = (in_village / 15).max(2);
        let cadres: Vec<(String, String, String)> = (0..cadre_count)
            .map(|_| {
                let sex = if g.chance(0.6) { Sex::Male } else { Sex::Female };
                let name = format!("{}{}", g.pick(SURNAMES), g.given_name(sex));
                let unit = g.pick(UNITS).to_string();
                (name, unit, g.phone())
            })
            .collect();
        for i in 0..in_village {
            let group = format!("{}组", i * GROUPS_PER_VILLAGE / in_village.max(1) + 1);
            let number = format!("430527{:03}{:03}{:04}", v / 1000 % 1000, v % 1000, i + 1);
            let persons = g.family();
            let category = match g.rng.random_range(0..100) {
                0..=29 => Category::Lifted,
                30..=33 => Category::Monitored,
                _ => Category::Ordinary,
            };
            let (mut monitor_category, mut identified_on, mut risk_status, mut eliminated_on) = (None, None, None, None);
            if category == Category::Monitored {
                monitor_category = Some(match g.rng.random_range(0..100) {
                    0..=39 => MonitorCategory::Unstable,
                    40..=84 => MonitorCategory::Marginal,
                    _ => MonitorCategory::Sudden,
                });
                let identified = g.date_between(NaiveDate::from_ymd_opt(2021, 3, 1).unwrap_or(today), today);
                identified_on = Some(identified);
                if g.chance(0.6) && add_months(identified, 4) < today {
                    risk_status = Some(RiskStatus::Eliminated);
                    eliminated_on = Some(g.date_between(add_months(identified, 4), today));
                } else {
                    risk_status = Some(RiskStatus::Open);
                }
            }
            let pairing = (category != Category::Ordinary).then(|| {
                let (name, unit, phone) = cadres[g.rng.random_range(0..cadres.len())].clone();
                let start = match identified_on {
                    Some(d) => g.date_between(d, d.checked_add_days(Days::new(9)).unwrap_or(d).min(today)),
                    None => g.date_between(NaiveDate::from_ymd_opt(2021, 6, 1).unwrap_or(today), today),
                };
                RosterPairing { cadre_name: name, cadre_unit: Some(unit), cadre_phone: Some(phone), start }
            });
            let no_labour = persons.iter().all(|p| !p.labour.is_some_and(Labour::has_capacity));
            out.push(RosterHousehold {
                first_row: 0,
                number: number.clone(),
                township: township.clone(),
                village: village.clone(),
                group,
                category,
                monitor_category,
                identified_on,
                risk_status,
                eliminated_on,
                risk_types: if category == Category::Monitored { risk_types(seed, &number) } else { Vec::new() },
                away: g.chance(0.08),
                no_labour,
                phone: g.chance(0.9).then(|| g.phone()),
                pairing,
                persons,
            });
        }
    }
    out
}

/// One or two 风险类型 of a monitored household, from their own generator (the seed and the 户编号), so
/// that the rest of the demo is the same as before they were added. Illness and schooling lead, as in
/// the county's monitoring data.
fn risk_types(seed: u64, number: &str) -> Vec<RiskType> {
    let key = number.bytes().fold(seed ^ 0x9e37_79b9_7f4a_7c15, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let mut rng = ChaCha8Rng::seed_from_u64(key);
    const WEIGHTED: &[(RiskType, u32)] = &[
        (RiskType::Illness, 35),
        (RiskType::Schooling, 15),
        (RiskType::Disability, 12),
        (RiskType::LackOfLabour, 12),
        (RiskType::UnstableWork, 10),
        (RiskType::Accident, 6),
        (RiskType::IndustryFailure, 5),
        (RiskType::Disaster, 4),
        (RiskType::Other, 1),
    ];
    let total: u32 = WEIGHTED.iter().map(|w| w.1).sum();
    let draw = |rng: &mut ChaCha8Rng| {
        let mut n = rng.random_range(0..total);
        for &(t, w) in WEIGHTED {
            if n < w {
                return t;
            }
            n -= w;
        }
        RiskType::Other
    };
    let mut out = vec![draw(&mut rng)];
    if rng.random_bool(0.35) {
        let second = draw(&mut rng);
        if !out.contains(&second) {
            out.push(second);
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{check_sheet, headers, row_cells, Sheet};

    fn sheet_of(hhs: &[RosterHousehold]) -> Sheet {
        let mut rows = vec![(1, headers())];
        for hh in hhs {
            for p in &hh.persons {
                rows.push((rows.len() + 1, row_cells(hh, p)));
            }
        }
        Sheet::from_rows(rows)
    }

    #[test]
    fn monitored_households_carry_one_or_two_risk_types() {
        let hhs = generate(600, 3);
        for hh in &hhs {
            if hh.category == Category::Monitored {
                assert!((1..=2).contains(&hh.risk_types.len()), "{}: {:?}", hh.number, hh.risk_types);
            } else {
                assert!(hh.risk_types.is_empty());
            }
        }
        assert!(hhs.iter().any(|h| h.risk_types.len() == 2), "some carry two");
        assert_eq!(generate(600, 3), hhs, "deterministic by seed");
    }

    #[test]
    fn same_seed_same_village() {
        assert_eq!(generate(50, 7), generate(50, 7), "the generator must be deterministic");
        assert_ne!(generate(50, 7), generate(50, 8), "another seed gives another village");
    }

    #[test]
    fn demo_roster_passes_every_roster_check() {
        let hhs = generate(HOUSEHOLDS_PER_VILLAGE, 1);
        let checked = check_sheet(&sheet_of(&hhs), reference_day());
        assert!(checked.issues.is_empty(), "demo data must be a valid roster: {:?}", &checked.issues[..checked.issues.len().min(3)]);
        assert_eq!(checked.roster.households.len(), HOUSEHOLDS_PER_VILLAGE);
    }

    #[test]
    fn mix_of_categories_and_groups_is_like_the_county() {
        let hhs = generate(HOUSEHOLDS_PER_VILLAGE, 1);
        let count = |c: Category| hhs.iter().filter(|h| h.category == c).count();
        assert!((60..=120).contains(&count(Category::Lifted)), "about 30% lifted households");
        assert!((4..=25).contains(&count(Category::Monitored)), "a few percent monitored");
        let groups: HashSet<&str> = hhs.iter().map(|h| h.group.as_str()).collect();
        assert_eq!(groups.len(), GROUPS_PER_VILLAGE, "8 groups");
        assert!(hhs.iter().filter(|h| h.category != Category::Ordinary).all(|h| h.pairing.is_some()), "P1: every lifted and monitored household has a cadre");
    }

    #[test]
    fn scales_to_many_villages() {
        let hhs = generate(1000, 3);
        let villages: HashSet<(&str, &str)> = hhs.iter().map(|h| (h.township.as_str(), h.village.as_str())).collect();
        assert_eq!(villages.len(), 4, "one village per 300 households");
        let numbers: HashSet<&str> = hhs.iter().map(|h| h.number.as_str()).collect();
        assert_eq!(numbers.len(), 1000, "household numbers are unique");
    }
}

#[cfg(test)]
mod names {
    use super::*;

    /// The townships of Suining County: none may appear in demo data.
    const REAL: &[&str] = &[
        "武阳", "长铺子", "红岩", "李熙桥", "金屋塘", "瓦屋塘", "黄土矿", "唐家坊", "寨市", "关峡", "东山", "鹅公岭",
        "水口", "麻塘", "乐安铺", "黄桑坪", "河口",
    ];

    #[test]
    fn demo_townships_and_villages_are_invented_and_say_so() {
        for h in generate_villages(3_000, 50, 3) {
            assert!(REAL.iter().all(|r| !h.township.contains(r)), "{}", h.township);
            assert!(["示范", "演示", "样例", "试用", "体验", "练习", "模拟", "范例"].iter().any(|w| h.township.contains(w)), "{}", h.township);
            assert!(h.village.contains("演示村"), "{}", h.village);
        }
    }
}
