//! The county's household roster (花名册): one row per person, household fields repeated on each row,
//! pairing fields on the head's row. This module knows the columns and checks a whole sheet, reporting
//! every bad cell with its row, column, value, what is wrong and how to fix it. Reading files (CSV, xlsx,
//! encodings) is the roster crate's job; writing to the database is the store's.

use crate::choice::{flag_label, parse_flag};
use crate::date::parse_date;
use crate::division::normalize_group;
use crate::household::{Category, MonitorCategory, RiskStatus};
use crate::idcard::IdNumber;
use crate::person::{check_name, Health, Labour, Relation, Schooling};
use crate::phone::normalize_phone;
use crate::DomainError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use rustc_hash::FxHashMap as HashMap;

/// The roster's columns, in the order the export and the template write them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    Number,
    Township,
    Village,
    Group,
    Category,
    MonitorCategory,
    IdentifiedOn,
    RiskStatus,
    EliminatedOn,
    Away,
    NoLabour,
    Phone,
    Name,
    IdNumber,
    Relation,
    Labour,
    Health,
    Schooling,
    Cadre,
    CadreUnit,
    CadrePhone,
    PairingStart,
}

impl Col {
    pub const ALL: [Col; 22] = [
        Col::Number,
        Col::Township,
        Col::Village,
        Col::Group,
        Col::Category,
        Col::MonitorCategory,
        Col::IdentifiedOn,
        Col::RiskStatus,
        Col::EliminatedOn,
        Col::Away,
        Col::NoLabour,
        Col::Phone,
        Col::Name,
        Col::IdNumber,
        Col::Relation,
        Col::Labour,
        Col::Health,
        Col::Schooling,
        Col::Cadre,
        Col::CadreUnit,
        Col::CadrePhone,
        Col::PairingStart,
    ];

    /// The header as the county writes it.
    pub fn header(self) -> &'static str {
        match self {
            Col::Number => "户编号",
            Col::Township => "乡镇",
            Col::Village => "村",
            Col::Group => "组",
            Col::Category => "户类别",
            Col::MonitorCategory => "监测类别",
            Col::IdentifiedOn => "识别日期",
            Col::RiskStatus => "风险状态",
            Col::EliminatedOn => "消除日期",
            Col::Away => "全家外出",
            Col::NoLabour => "整户无劳动能力",
            Col::Phone => "联系电话",
            Col::Name => "姓名",
            Col::IdNumber => "证件号码",
            Col::Relation => "与户主关系",
            Col::Labour => "劳动技能",
            Col::Health => "健康状况",
            Col::Schooling => "在校情况",
            Col::Cadre => "帮扶责任人",
            Col::CadreUnit => "责任人单位",
            Col::CadrePhone => "责任人电话",
            Col::PairingStart => "结对开始日期",
        }
    }

    /// Other headers seen on county sheets for the same column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Col::Number => &["户码", "户编码"],
            Col::Township => &["乡镇（街道）", "乡(镇)", "乡镇街道"],
            Col::Village => &["行政村", "村（社区）", "村(社区)"],
            Col::Group => &["村民小组", "组别"],
            Col::Category => &["户类型"],
            Col::IdNumber => &["身份证号码", "身份证号", "证件号"],
            Col::Phone => &["户联系电话"],
            Col::Cadre => &["结对帮扶责任人", "帮扶责任人姓名"],
            Col::CadreUnit => &["帮扶责任人单位"],
            Col::CadrePhone => &["帮扶责任人电话"],
            _ => &[],
        }
    }

    fn matches(self, header: &str) -> bool {
        let h = norm_header(header);
        h == self.header() || self.aliases().iter().any(|a| norm_header(a) == h)
    }
}

fn norm_header(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .replace('（', "(")
        .replace('）', ")")
}

/// A sheet as read from a file: every cell as text, with the sheet's own row numbers.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub header_row: usize,
    pub headers: Vec<String>,
    /// (row number as the spreadsheet shows it, cells).
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Sheet {
    /// Find the header row among the first rows (county sheets often carry a title above it) and split.
    pub fn from_rows(rows: Vec<(usize, Vec<String>)>) -> Sheet {
        let pos = rows
            .iter()
            .take(10)
            .position(|(_, cells)| {
                cells.iter().any(|c| Col::Number.matches(c)) && cells.iter().any(|c| Col::Name.matches(c))
            })
            .unwrap_or(0);
        let mut it = rows.into_iter().skip(pos);
        match it.next() {
            None => Sheet::default(),
            Some((header_row, headers)) => Sheet {
                header_row,
                headers,
                rows: it.filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty())).collect(),
            },
        }
    }
}

/// One problem found in a roster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RowIssue {
    /// Row number as the spreadsheet shows it (the header is usually row 1); 0 for the file as a whole.
    pub row: usize,
    /// Column header, empty for the file as a whole.
    pub column: String,
    pub value: String,
    /// Stable code of the problem.
    pub code: String,
    /// What is wrong, in Chinese.
    pub problem: String,
    /// How to fix it, in Chinese.
    pub fix: String,
}

/// One person row after checking.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterPerson {
    pub row: usize,
    pub name: String,
    pub id_number: IdNumber,
    pub relation: Relation,
    pub labour: Option<Labour>,
    pub health: Option<Health>,
    pub schooling: Option<Schooling>,
}

/// The pairing given on the head's row.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterPairing {
    pub cadre_name: String,
    pub cadre_unit: Option<String>,
    pub cadre_phone: Option<String>,
    pub start: NaiveDate,
}

/// One household after checking, with its persons in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterHousehold {
    pub first_row: usize,
    pub number: String,
    pub township: String,
    pub village: String,
    pub group: String,
    pub category: Category,
    pub monitor_category: Option<MonitorCategory>,
    pub identified_on: Option<NaiveDate>,
    pub risk_status: Option<RiskStatus>,
    pub eliminated_on: Option<NaiveDate>,
    pub away: bool,
    pub no_labour: bool,
    pub phone: Option<String>,
    pub pairing: Option<RosterPairing>,
    pub persons: Vec<RosterPerson>,
}

/// A checked roster.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    pub households: Vec<RosterHousehold>,
    pub person_count: usize,
    /// Headers that are not roster columns: ignored, and listed in the report.
    pub ignored_columns: Vec<String>,
}

/// The result of checking: a roster is usable only when `issues` is empty.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    pub roster: Roster,
    pub issues: Vec<RowIssue>,
}

fn issue(row: usize, col: Option<Col>, value: &str, code: &str, problem: String, fix: String) -> RowIssue {
    RowIssue {
        row,
        column: col.map(|c| c.header().to_string()).unwrap_or_default(),
        value: value.to_string(),
        code: code.to_string(),
        problem,
        fix,
    }
}

fn domain_issue(row: usize, col: Col, value: &str, e: &DomainError) -> RowIssue {
    issue(row, Some(col), value, e.code(), e.message_zh(), e.hint_zh())
}

/// Keep the value, or record why the cell is bad.
fn take<T>(row: usize, c: Col, value: &str, r: Result<T, DomainError>, errs: &mut Vec<RowIssue>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errs.push(domain_issue(row, c, value, &e));
            None
        }
    }
}

/// Check a whole sheet against the roster layout. `today` bounds dates (nothing may lie in the future).
pub fn check_sheet(sheet: &Sheet, today: NaiveDate) -> Checked {
    let mut out = Checked::default();
    if sheet.headers.iter().all(|h| h.trim().is_empty()) {
        out.issues.push(issue(
            0,
            None,
            "",
            "roster.empty",
            "文件中没有找到表头，文件可能是空的".to_string(),
            format!("请使用花名册模板，第一行是表头：{}", Col::ALL.map(Col::header).join("、")),
        ));
        return out;
    }
    // Map the headers.
    let mut index: HashMap<Col, usize> = HashMap::default();
    for (i, h) in sheet.headers.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        match Col::ALL.iter().find(|c| c.matches(h)) {
            Some(c) => {
                if index.insert(*c, i).is_some() {
                    out.issues.push(issue(
                        sheet.header_row,
                        Some(*c),
                        h,
                        "roster.duplicate_column",
                        format!("表头“{}”出现了两次", c.header()),
                        "请删除多余的一列，只保留一列".to_string(),
                    ));
                }
            }
            None => out.roster.ignored_columns.push(h.trim().to_string()),
        }
    }
    let missing: Vec<&str> = Col::ALL.iter().filter(|c| !index.contains_key(c)).map(|c| c.header()).collect();
    if !missing.is_empty() {
        let unknown = if out.roster.ignored_columns.is_empty() {
            String::new()
        } else {
            format!("；文件中无法识别的表头：{}", out.roster.ignored_columns.join("、"))
        };
        out.issues.push(issue(
            sheet.header_row,
            None,
            &sheet.headers.join(","),
            "roster.missing_columns",
            format!("缺少{}列：{}{}", missing.len(), missing.join("、"), unknown),
            "请按花名册模板补齐这些列（列的顺序不限，表头文字须一致）".to_string(),
        ));
    }
    if !out.issues.is_empty() {
        return out;
    }
    if sheet.rows.is_empty() {
        out.issues.push(issue(
            0,
            None,
            "",
            "roster.no_rows",
            "表头下面没有任何数据行".to_string(),
            "请确认选择了正确的文件和工作表".to_string(),
        ));
        return out;
    }

    let mut by_number: HashMap<String, usize> = HashMap::default();
    let mut id_seen: HashMap<String, (usize, String)> = HashMap::default();
    for (row, cells) in &sheet.rows {
        let row = *row;
        let get = |c: Col| -> &str { index.get(&c).and_then(|&i| cells.get(i)).map(|s| s.trim()).unwrap_or("") };
        let mut errs: Vec<RowIssue> = Vec::new();
        let required = |c: Col, what: &str| -> Option<RowIssue> {
            get(c).is_empty().then(|| {
                issue(row, Some(c), "", "roster.required", format!("{}不能为空", c.header()), format!("请填写{what}"))
            })
        };

        // Household fields.
        let number = get(Col::Number).to_string();
        if let Some(i) = required(Col::Number, "国家系统中的户编号") {
            out.issues.push(i);
            continue;
        }
        if number.chars().any(char::is_whitespace) || number.chars().count() > 40 {
            errs.push(issue(row, Some(Col::Number), &number, "roster.number", "户编号中有空格或太长".to_string(), "请从国家系统中复制户编号，不要加空格".to_string()));
        }
        let mut fields_ok = true;
        let mut check_required = |c: Col, what: &str, errs: &mut Vec<RowIssue>| {
            if let Some(i) = required(c, what) {
                errs.push(i);
                fields_ok = false;
            }
        };
        check_required(Col::Township, "乡镇名称，如“武阳镇”", &mut errs);
        check_required(Col::Village, "村名称，如“花园村”", &mut errs);
        check_required(Col::Group, "组，如“3组”", &mut errs);
        check_required(Col::Category, "户类别：脱贫户、监测户或一般农户", &mut errs);
        check_required(Col::Name, "姓名", &mut errs);
        check_required(Col::IdNumber, "18位身份证号码", &mut errs);
        check_required(Col::Relation, "与户主关系，如“户主”“配偶”“之子”", &mut errs);

        let opt = |c: Col| (!get(c).is_empty()).then(|| get(c));
        let category = opt(Col::Category).and_then(|t| take(row, Col::Category, get(Col::Category), Category::parse(t), &mut errs));
        let monitor_category = opt(Col::MonitorCategory).and_then(|t| take(row, Col::MonitorCategory, get(Col::MonitorCategory), MonitorCategory::parse(t), &mut errs));
        let risk_status = opt(Col::RiskStatus).and_then(|t| take(row, Col::RiskStatus, get(Col::RiskStatus), RiskStatus::parse(t), &mut errs));
        let date = |c: Col, errs: &mut Vec<RowIssue>| -> Option<NaiveDate> {
            let t = opt(c)?;
            match parse_date(t) {
                Ok(d) if d > today => {
                    errs.push(issue(row, Some(c), t, "date.future", format!("{}晚于今天", c.header()), "请核对年份和月份".to_string()));
                    None
                }
                Ok(d) => Some(d),
                Err(e) => {
                    errs.push(domain_issue(row, c, t, &e));
                    None
                }
            }
        };
        let identified_on = date(Col::IdentifiedOn, &mut errs);
        let eliminated_on = date(Col::EliminatedOn, &mut errs);
        let away = take(row, Col::Away, get(Col::Away), parse_flag(get(Col::Away)), &mut errs).unwrap_or(false);
        let no_labour = take(row, Col::NoLabour, get(Col::NoLabour), parse_flag(get(Col::NoLabour)), &mut errs).unwrap_or(false);
        let phone = opt(Col::Phone).and_then(|t| take(row, Col::Phone, get(Col::Phone), normalize_phone(t), &mut errs));

        // Monitoring fields depend on the category.
        if category == Some(Category::Monitored) {
            if monitor_category.is_none() && get(Col::MonitorCategory).is_empty() {
                errs.push(issue(row, Some(Col::MonitorCategory), "", "roster.monitor_category_missing", "监测户必须填写监测类别".to_string(), format!("请填写{}", MonitorCategory::allowed())));
            }
            if get(Col::IdentifiedOn).is_empty() {
                errs.push(issue(row, Some(Col::IdentifiedOn), "", "roster.identified_missing", "监测户必须填写识别日期".to_string(), "请填写纳入监测的日期，如2024-03-15".to_string()));
            }
            if get(Col::RiskStatus).is_empty() {
                errs.push(issue(row, Some(Col::RiskStatus), "", "roster.risk_missing", "监测户必须填写风险状态".to_string(), "请填写“未消除”或“已消除”".to_string()));
            }
        } else if category.is_some() {
            for c in [Col::MonitorCategory, Col::RiskStatus, Col::EliminatedOn] {
                if !get(c).is_empty() {
                    errs.push(issue(row, Some(c), get(c), "roster.not_monitored", format!("只有监测户才填写{}", c.header()), "请把户类别改为“监测户”，或清空这一格".to_string()));
                }
            }
        }
        if risk_status == Some(RiskStatus::Eliminated) && get(Col::EliminatedOn).is_empty() {
            errs.push(issue(row, Some(Col::EliminatedOn), "", "roster.eliminated_missing", "风险状态为“已消除”时必须填写消除日期".to_string(), "请填写风险消除的日期".to_string()));
        }
        if risk_status == Some(RiskStatus::Open) && !get(Col::EliminatedOn).is_empty() {
            errs.push(issue(row, Some(Col::EliminatedOn), get(Col::EliminatedOn), "roster.eliminated_but_open", "风险状态为“未消除”，却填写了消除日期".to_string(), "请把风险状态改为“已消除”，或清空消除日期".to_string()));
        }
        if let (Some(i), Some(e)) = (identified_on, eliminated_on) {
            if e < i {
                errs.push(issue(row, Some(Col::EliminatedOn), get(Col::EliminatedOn), "roster.eliminated_before_identified", format!("消除日期早于识别日期（{}）", get(Col::IdentifiedOn)), "请核对两个日期".to_string()));
            }
        }

        // Person fields.
        let name = match check_name(get(Col::Name)) {
            Ok(n) => Some(n),
            Err(why) if !get(Col::Name).is_empty() => {
                errs.push(issue(row, Some(Col::Name), get(Col::Name), "roster.name", format!("姓名不对：{why}"), "请填写身份证上的姓名".to_string()));
                None
            }
            Err(_) => None,
        };
        let id_text = get(Col::IdNumber);
        if id_text.contains("E+") || id_text.contains("e+") {
            errs.push(issue(row, Some(Col::IdNumber), id_text, "roster.id_as_number", "证件号码被Excel存成了数字（显示为科学计数法），后几位已经丢失".to_string(), "在Excel中把证件号码列设为“文本”格式，再从国家系统重新导出或逐个核对后重新填写".to_string()));
        }
        let id_number = opt(Col::IdNumber).filter(|t| !t.contains(['E', 'e'])).and_then(|t| take(row, Col::IdNumber, get(Col::IdNumber), IdNumber::parse(t, today), &mut errs));
        let relation = opt(Col::Relation).and_then(|t| take(row, Col::Relation, get(Col::Relation), Relation::parse(t), &mut errs));
        let labour = opt(Col::Labour).and_then(|t| take(row, Col::Labour, get(Col::Labour), Labour::parse(t), &mut errs));
        let health = opt(Col::Health).and_then(|t| take(row, Col::Health, get(Col::Health), Health::parse(t), &mut errs));
        let schooling = opt(Col::Schooling).and_then(|t| take(row, Col::Schooling, get(Col::Schooling), Schooling::parse(t), &mut errs));

        // Pairing fields: only on the head's row.
        let pairing_cols = [Col::Cadre, Col::CadreUnit, Col::CadrePhone, Col::PairingStart];
        let any_pairing = pairing_cols.iter().any(|c| !get(*c).is_empty());
        let mut pairing = None;
        if any_pairing && relation.is_some() && relation != Some(Relation::Head) {
            errs.push(issue(row, Some(Col::Cadre), get(Col::Cadre), "roster.pairing_not_head", "结对帮扶信息只能填在户主那一行".to_string(), "请把帮扶责任人、单位、电话和结对开始日期移到户主行".to_string()));
        } else if any_pairing {
            if get(Col::Cadre).is_empty() {
                errs.push(issue(row, Some(Col::Cadre), "", "roster.cadre_missing", "填写了结对信息，但帮扶责任人为空".to_string(), "请填写帮扶责任人姓名，或清空这一行的结对信息".to_string()));
            } else if get(Col::PairingStart).is_empty() {
                errs.push(issue(row, Some(Col::PairingStart), "", "roster.pairing_start_missing", "有帮扶责任人时必须填写结对开始日期".to_string(), "请填写开始结对的日期，如2024-03-15".to_string()));
            }
            let cadre_phone = opt(Col::CadrePhone).and_then(|t| take(row, Col::CadrePhone, get(Col::CadrePhone), normalize_phone(t), &mut errs));
            let start = date(Col::PairingStart, &mut errs);
            if let (Ok(n), Some(s)) = (check_name(get(Col::Cadre)), start) {
                pairing = Some(RosterPairing { cadre_name: n, cadre_unit: opt(Col::CadreUnit).map(str::to_string), cadre_phone, start: s });
            } else if !get(Col::Cadre).is_empty() && check_name(get(Col::Cadre)).is_err() {
                errs.push(issue(row, Some(Col::Cadre), get(Col::Cadre), "roster.name", "帮扶责任人姓名不对".to_string(), "请填写干部的姓名".to_string()));
            }
        }

        // Duplicate ID numbers: within the file, a person belongs to exactly one household.
        if let Some(id) = &id_number {
            match id_seen.get(id.as_str()) {
                Some((first_row, first_number)) if *first_number != number => {
                    let (fr, fnum) = (*first_row, first_number.clone());
                    errs.push(issue(row, Some(Col::IdNumber), &id.masked(), "roster.id_in_two_households", format!("这个证件号码在第{fr}行已出现，属于户{fnum}；一个人只能属于一户"), "请核对这两行，删除重复的人或改正证件号码".to_string()));
                    errs.push(issue(fr, Some(Col::IdNumber), &id.masked(), "roster.id_in_two_households", format!("这个证件号码在第{row}行又出现，属于户{number}；一个人只能属于一户"), "请核对这两行，删除重复的人或改正证件号码".to_string()));
                }
                Some((first_row, _)) => {
                    let fr = *first_row;
                    errs.push(issue(row, Some(Col::IdNumber), &id.masked(), "roster.id_duplicate", format!("同一户中这个证件号码在第{fr}行已出现"), "请删除重复的一行".to_string()));
                }
                None => {
                    id_seen.insert(id.as_str().to_string(), (row, number.clone()));
                }
            }
        }

        // Household: first row creates it, later rows must agree.
        let group = normalize_group(get(Col::Group)).unwrap_or_default();
        let hh_index = match by_number.get(&number) {
            Some(&i) => {
                let hh: &RosterHousehold = &out.roster.households[i];
                // Compare typed values; the message text is built only for a row that disagrees.
                let mut differs = |c: Col, same: bool, before: &dyn Fn() -> String| {
                    if !get(c).is_empty() && !same {
                        errs.push(issue(row, Some(c), get(c), "roster.household_inconsistent", format!("同一户（{number}）的{}前后不一致：第{}行是“{}”", c.header(), hh.first_row, before()), "同一户每一行的户信息必须相同，请统一".to_string()));
                    }
                };
                let label = |v: Option<&'static str>| v.unwrap_or_default().to_string();
                let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                differs(Col::Township, get(Col::Township) == hh.township, &|| hh.township.clone());
                differs(Col::Village, get(Col::Village) == hh.village, &|| hh.village.clone());
                differs(Col::Group, group == hh.group, &|| hh.group.clone());
                differs(Col::Category, category == Some(hh.category), &|| hh.category.label().to_string());
                differs(Col::MonitorCategory, monitor_category == hh.monitor_category, &|| label(hh.monitor_category.map(|c| c.label())));
                differs(Col::RiskStatus, risk_status == hh.risk_status, &|| label(hh.risk_status.map(|c| c.label())));
                differs(Col::IdentifiedOn, identified_on == hh.identified_on, &|| day(hh.identified_on));
                differs(Col::EliminatedOn, eliminated_on == hh.eliminated_on, &|| day(hh.eliminated_on));
                differs(Col::Away, away == hh.away, &|| flag_label(hh.away).to_string());
                differs(Col::NoLabour, no_labour == hh.no_labour, &|| flag_label(hh.no_labour).to_string());
                differs(Col::Phone, phone == hh.phone, &|| hh.phone.clone().unwrap_or_default());
                Some(i)
            }
            None if fields_ok && category.is_some() => {
                out.roster.households.push(RosterHousehold {
                    first_row: row,
                    number: number.clone(),
                    township: get(Col::Township).to_string(),
                    village: get(Col::Village).to_string(),
                    group,
                    category: category.unwrap_or(Category::Ordinary),
                    monitor_category,
                    identified_on,
                    risk_status,
                    eliminated_on,
                    away,
                    no_labour,
                    phone,
                    pairing: None,
                    persons: Vec::new(),
                });
                by_number.insert(number.clone(), out.roster.households.len() - 1);
                Some(out.roster.households.len() - 1)
            }
            None => None,
        };
        if let (Some(i), Some(name), Some(id_number), Some(relation)) = (hh_index, name, id_number, relation) {
            let hh = &mut out.roster.households[i];
            if pairing.is_some() {
                hh.pairing = pairing;
            }
            hh.persons.push(RosterPerson { row, name, id_number, relation, labour, health, schooling });
            out.roster.person_count += 1;
        }
        out.issues.extend(errs);
    }

    // Exactly one head per household.
    for hh in &out.roster.households {
        let heads: Vec<&RosterPerson> = hh.persons.iter().filter(|p| p.relation == Relation::Head).collect();
        if heads.is_empty() && !out.issues.iter().any(|i| i.row == hh.first_row && i.column == Col::Relation.header()) {
            out.issues.push(issue(hh.first_row, Some(Col::Relation), "", "roster.no_head", format!("户{}没有户主", hh.number), "请在这一户中把一人的与户主关系填为“户主”".to_string()));
        }
        for extra in heads.iter().skip(1) {
            out.issues.push(issue(extra.row, Some(Col::Relation), "户主", "roster.two_heads", format!("户{}有两个户主（另一位在第{}行）", hh.number, heads[0].row), "一户只能有一个户主，请改正与户主关系".to_string()));
        }
    }
    out.issues.sort_by_key(|i| i.row);
    out
}

/// The cells of one roster row, in `Col::ALL` order: what export and the demo generator write.
pub fn row_cells(hh: &RosterHousehold, p: &RosterPerson) -> Vec<String> {
    let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let head_pairing = (p.relation == Relation::Head).then_some(hh.pairing.as_ref()).flatten();
    vec![
        hh.number.clone(),
        hh.township.clone(),
        hh.village.clone(),
        hh.group.clone(),
        hh.category.label().to_string(),
        hh.monitor_category.map(|c| c.label().to_string()).unwrap_or_default(),
        d(hh.identified_on),
        hh.risk_status.map(|c| c.label().to_string()).unwrap_or_default(),
        d(hh.eliminated_on),
        flag_label(hh.away).to_string(),
        flag_label(hh.no_labour).to_string(),
        hh.phone.clone().unwrap_or_default(),
        p.name.clone(),
        p.id_number.full(),
        p.relation.label().to_string(),
        p.labour.map(|c| c.label().to_string()).unwrap_or_default(),
        p.health.map(|c| c.label().to_string()).unwrap_or_default(),
        p.schooling.map(|c| c.label().to_string()).unwrap_or_default(),
        head_pairing.map(|x| x.cadre_name.clone()).unwrap_or_default(),
        head_pairing.and_then(|x| x.cadre_unit.clone()).unwrap_or_default(),
        head_pairing.and_then(|x| x.cadre_phone.clone()).unwrap_or_default(),
        head_pairing.map(|x| x.start.to_string()).unwrap_or_default(),
    ]
}

/// The header row in `Col::ALL` order.
pub fn headers() -> Vec<String> {
    Col::ALL.iter().map(|c| c.header().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 9, 15).unwrap()
    }

    /// A valid two-person household; `edit` changes cells by header before checking.
    fn check_with(edit: impl Fn(&mut Vec<Vec<String>>)) -> Checked {
        let head_id = IdNumber::compose("430527", NaiveDate::from_ymd_opt(1960, 1, 2).unwrap(), 11, crate::idcard::Sex::Male);
        let wife_id = IdNumber::compose("430527", NaiveDate::from_ymd_opt(1962, 3, 4).unwrap(), 12, crate::idcard::Sex::Female);
        let base = |name: &str, id: &IdNumber, rel: &str| -> Vec<String> {
            let mut cells: Vec<String> = Col::ALL.iter().map(|_| String::new()).collect();
            let mut set = |c: Col, v: &str| cells[Col::ALL.iter().position(|x| *x == c).unwrap()] = v.to_string();
            set(Col::Number, "H1");
            set(Col::Township, "武阳镇");
            set(Col::Village, "花园村");
            set(Col::Group, "1组");
            set(Col::Category, "监测户");
            set(Col::MonitorCategory, "边缘易致贫户");
            set(Col::IdentifiedOn, "2024-03-01");
            set(Col::RiskStatus, "未消除");
            set(Col::Name, name);
            set(Col::IdNumber, id.as_str());
            set(Col::Relation, rel);
            cells
        };
        let mut rows = vec![headers(), base("杨大山", &head_id, "户主"), base("吴小花", &wife_id, "配偶")];
        edit(&mut rows);
        let numbered = rows.into_iter().enumerate().map(|(i, r)| (i + 1, r)).collect();
        check_sheet(&Sheet::from_rows(numbered), today())
    }

    fn set(rows: &mut [Vec<String>], row: usize, c: Col, v: &str) {
        let i = Col::ALL.iter().position(|x| *x == c).unwrap();
        rows[row][i] = v.to_string();
    }

    #[test]
    fn the_base_household_is_valid() {
        let c = check_with(|_| {});
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        assert_eq!(c.roster.households[0].persons.len(), 2);
    }

    #[test]
    fn table_of_household_level_problems() {
        type Edit = fn(&mut Vec<Vec<String>>);
        let cases: &[(&str, Edit, &str, usize)] = &[
            ("monitored without category", |r| set(r, 1, Col::MonitorCategory, ""), "roster.monitor_category_missing", 2),
            ("eliminated without date", |r| { set(r, 1, Col::RiskStatus, "已消除"); set(r, 2, Col::RiskStatus, "已消除"); }, "roster.eliminated_missing", 2),
            ("eliminated before identified", |r| { for i in 1..=2 { set(r, i, Col::RiskStatus, "已消除"); set(r, i, Col::EliminatedOn, "2024-01-01"); } }, "roster.eliminated_before_identified", 2),
            ("ordinary with a risk status", |r| { for i in 1..=2 { set(r, i, Col::Category, "一般农户"); set(r, i, Col::MonitorCategory, ""); set(r, i, Col::IdentifiedOn, ""); } }, "roster.not_monitored", 2),
            ("pairing on the wife's row", |r| { set(r, 2, Col::Cadre, "唐清"); set(r, 2, Col::PairingStart, "2024-03-05"); }, "roster.pairing_not_head", 3),
            ("cadre without start date", |r| set(r, 1, Col::Cadre, "唐清"), "roster.pairing_start_missing", 2),
            ("two heads", |r| set(r, 2, Col::Relation, "户主"), "roster.two_heads", 3),
            ("no head", |r| set(r, 1, Col::Relation, "之子"), "roster.no_head", 2),
            ("village differs between rows", |r| set(r, 2, Col::Village, "石桥村"), "roster.household_inconsistent", 3),
            ("future identified date", |r| { set(r, 1, Col::IdentifiedOn, "2030-01-01"); set(r, 2, Col::IdentifiedOn, "2030-01-01"); }, "date.future", 2),
            ("bad flag", |r| set(r, 1, Col::Away, "有时"), "value.choice", 2),
            ("bad phone", |r| set(r, 1, Col::Phone, "1234"), "phone.bad", 2),
            ("same ID twice in a household", |r| { let id = r[1][Col::ALL.iter().position(|c| *c == Col::IdNumber).unwrap()].clone(); set(r, 2, Col::IdNumber, &id); }, "roster.id_duplicate", 3),
            ("name with digits", |r| set(r, 2, Col::Name, "吴2"), "roster.name", 3),
        ];
        for (why, edit, code, row) in cases {
            let c = check_with(edit);
            assert!(
                c.issues.iter().any(|i| i.code == *code && i.row == *row),
                "{why}: expected {code} at row {row}, got {:?}",
                c.issues.iter().map(|i| (i.row, i.code.as_str())).collect::<Vec<_>>()
            );
            assert!(c.issues.iter().all(|i| !i.problem.is_empty() && !i.fix.is_empty()), "{why}: every issue says what and how");
        }
    }

    #[test]
    fn header_aliases_and_title_rows() {
        let c = check_with(|r| {
            let i = Col::ALL.iter().position(|c| *c == Col::IdNumber).unwrap();
            r[0][i] = "身份证号码".into();
            r.insert(0, vec!["花园村花名册".into()]);
        });
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        assert_eq!(c.roster.households[0].persons[0].row, 3, "row numbers count the title row");
    }
}
