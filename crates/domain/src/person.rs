//! 家庭成员: a person of a household, keyed by ID number. Sex and birth date come from the ID number.

use crate::choice;
use crate::idcard::Sex;
use crate::ids::{HouseholdId, PersonId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice!(
    /// 与户主关系.
    Relation {
        Head = "户主" | "本人" | "户主本人" | "本人(户主)" | "户主(本人)",
        Spouse = "配偶" | "妻" | "夫" | "妻子" | "丈夫",
        Son = "之子" | "子" | "儿子",
        Daughter = "之女" | "女" | "女儿",
        DaughterInLaw = "之儿媳" | "儿媳",
        SonInLaw = "之女婿" | "女婿",
        Grandson = "之孙子" | "孙子",
        Granddaughter = "之孙女" | "孙女",
        Father = "之父" | "父亲" | "父",
        Mother = "之母" | "母亲" | "母",
        Sibling = "之兄弟姐妹" | "兄弟姐妹" | "兄" | "弟" | "姐" | "妹",
        Other = "其他",
    }
);

choice!(
    /// 劳动技能.
    Labour {
        Ordinary = "普通劳动力" | "普通",
        Skilled = "技能劳动力" | "技能",
        Weak = "弱劳动力或半劳动力" | "弱劳动力" | "半劳动力" | "弱或半",
        Lost = "丧失劳动力" | "丧失",
        None = "无劳动力" | "无",
    }
);

impl Labour {
    /// Whether the person can work at all (rule D4's "labour capacity").
    pub fn has_capacity(self) -> bool {
        matches!(self, Labour::Ordinary | Labour::Skilled | Labour::Weak)
    }
}

choice!(
    /// 健康状况.
    Health {
        Healthy = "健康",
        Chronic = "长期慢性病" | "慢性病",
        Serious = "患有大病" | "大病",
        Disabled = "残疾",
    }
);

choice!(
    /// 在校情况.
    Schooling {
        NotInSchool = "非在校生" | "非在校" | "不在校",
        Preschool = "学前教育" | "学前" | "幼儿园",
        Primary = "小学",
        Junior = "初中",
        Senior = "高中",
        Vocational = "中职",
        HigherVocational = "高职",
        College = "大专",
        University = "本科及以上" | "本科" | "研究生",
    }
);

/// 家庭成员.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Person {
    pub id: PersonId,
    pub household_id: HouseholdId,
    pub name: String,
    /// The 18-character ID number (stored in full, shown masked).
    pub id_number: String,
    /// Disability certificate suffix (category and grade), when the roster gave a 20-character number.
    pub disability: Option<String>,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub relation: Relation,
    pub labour: Option<Labour>,
    pub health: Option<Health>,
    pub schooling: Option<Schooling>,
    pub employment: Option<String>,
    /// The day a roster import found the person no longer in the household (死亡, 迁出, 分户…).
    pub left_on: Option<NaiveDate>,
}

/// Age in whole years on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    on.years_since(birth).unwrap_or(0)
}

/// Validate a person's name as rosters write it: 2–20 characters, Chinese or letters, with the middle dot
/// of minority and transliterated names (·).
pub fn check_name(name: &str) -> Result<String, &'static str> {
    let n: String = name.trim().to_string();
    let len = n.chars().count();
    if len == 0 {
        return Err("姓名为空");
    }
    if len > 20 {
        return Err("姓名超过20个字");
    }
    if n.chars().any(|c| c.is_ascii_digit()) {
        return Err("姓名中有数字");
    }
    if n.chars().any(|c| c.is_control() || "\"'<>/\\|@#$%^&*".contains(c)) {
        return Err("姓名中有符号");
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_variants() {
        for (t, want) in [("本人", Relation::Head), ("户主（本人）", Relation::Head), ("儿子", Relation::Son), ("之孙女", Relation::Granddaughter)] {
            assert_eq!(Relation::parse(t), Ok(want), "{t}");
        }
    }

    #[test]
    fn age_counts_whole_years() {
        let b = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2024, 2, 28).unwrap()), 23);
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()), 24);
    }

    #[test]
    fn names() {
        assert_eq!(check_name(" 龙 秀英 "), Ok("龙 秀英".to_string()));
        assert_eq!(check_name("阿依·吉克"), Ok("阿依·吉克".to_string()));
        assert!(check_name("张3").is_err());
        assert!(check_name("").is_err());
    }
}
