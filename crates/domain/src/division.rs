//! 行政区划: county → township (乡镇) → village (村/社区) → group (组).

use crate::choice;
use crate::ids::DivisionId;
use serde::{Deserialize, Serialize};

choice!(
    /// Level of a division.
    DivisionLevel {
        County = "县",
        Township = "乡镇",
        Village = "村",
        Group = "组",
    }
);

choice!(
    /// 村类型.
    VillageKind {
        Lifted = "脱贫村",
        Key = "重点村",
        Other = "面上村",
    }
);

/// Suining County: the county this product is built for (division code 430527).
pub const COUNTY_NAME: &str = "绥宁县";
pub const COUNTY_CODE: &str = "430527000000";

/// One division.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Division {
    pub id: DivisionId,
    pub level: DivisionLevel,
    pub parent_id: Option<DivisionId>,
    pub name: String,
    /// 12-digit statistical code, where known.
    pub code: Option<String>,
    pub village_kind: Option<VillageKind>,
}

/// Normalise a group name as rosters write it: "3", "3组", "第3组", "三组" all mean 3组.
pub fn normalize_group(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return None;
    }
    let core = t.strip_prefix('第').unwrap_or(&t);
    let core = core.strip_suffix('组').unwrap_or(core);
    if let Ok(n) = core.parse::<u32>() {
        return Some(format!("{n}组"));
    }
    if let Some(n) = chinese_number(core) {
        return Some(format!("{n}组"));
    }
    // Named groups (e.g. 老屋组) are kept as written.
    Some(if t.ends_with('组') { t.clone() } else { format!("{t}组") })
}

fn chinese_number(s: &str) -> Option<u32> {
    const DIGITS: &str = "零一二三四五六七八九";
    let digit = |c: char| DIGITS.chars().position(|d| d == c).map(|p| p as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_normalise() {
        for (t, want) in [("3", "3组"), ("3组", "3组"), ("第3组", "3组"), ("三组", "3组"), ("十二组", "12组"), ("老屋组", "老屋组"), ("老屋", "老屋组")] {
            assert_eq!(normalize_group(t).as_deref(), Some(want), "{t}");
        }
        assert_eq!(normalize_group("  "), None);
    }
}
