//! Demo penalty decisions: a deterministic generator of realistic 双公示 records for a district with a
//! catalog, `gongshi seed --penalties N` (5,000 by default; a million for benchmarks).
//!
//! Decisions spread over the three years before `today`, on working days, in date order (ids follow
//! dates). Each one happens at a locality, under a penalty matter that locality commonly uses (as the
//! seeds report, a street uses a few dozen of its hundreds of matters), and is decided by whichever
//! authority held the matter there on that day (the domain's resolver). Parties are people,
//! individual businesses, companies and other organisations with valid credit codes; most cases are
//! summary ones (蛟川: 727 summary, 132 ordinary); fines are round and skewed; a few records are
//! late, withdrawn or never published (minors). Facts are written as clerks write them, personal
//! numbers included, so that masking has something to do. Everyone is fictional (ID numbers in the
//! non-existent region 999999, 199 phone numbers) and the district is marked 示例数据.

use crate::store::PenaltyWrite;
use gongshi_domain::calendar::WorkingCalendar;
use gongshi_domain::catalog::{Delegation, Matter, PowerKind, resolve};
use gongshi_domain::codes::{CreditCode, ResidentId, resident_id_check};
use gongshi_domain::money::Fen;
use gongshi_domain::penalty::{
    DecisionNumber, Licence, Party, PartyKind, Penalty, PenaltyId, PenaltyKind, Procedure,
    PublicPenalty, Restriction, Severity, Withdrawal, WithdrawalReason, add_months,
};
use gongshi_domain::{AuthorityKind, DistrictOrg, Locality, LocalityKind, Name, Text};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use time::{Date, Duration};

/// How many decisions a new demo database gets.
pub const DEMO_COUNT: u64 = 5_000;

const SURNAMES: [&str; 48] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "杜", "叶", "程", "魏", "苏", "欧阳", "司马",
    "诸葛",
];
const GIVEN: [&str; 40] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "文", "辉", "玲", "鹏", "婷", "斌",
    "宇", "浩", "凯", "晨", "嘉怡", "子涵", "欣", "俊", "海燕", "国平",
];
const TRADE_NAMES: [&str; 32] = [
    "鑫盛",
    "恒达",
    "华美",
    "顺发",
    "永兴",
    "宏远",
    "佳和",
    "联创",
    "金源",
    "瑞丰",
    "福满",
    "新纪元",
    "嘉禾",
    "荣昌",
    "天成",
    "万家",
    "兴隆",
    "明珠",
    "众诚",
    "宝利",
    "德信",
    "和润",
    "海川",
    "锦程",
    "康源",
    "美佳",
    "益丰",
    "大成",
    "正和",
    "博远",
    "汇通",
    "安泰",
];
const ROADS: [&str; 16] = [
    "胜利西路",
    "新华北路",
    "延安南路",
    "瑞京路",
    "南昌路",
    "大同路",
    "北京路",
    "元光南路",
    "腾飞路",
    "水仙大街",
    "建元路",
    "芝山路",
    "丹霞路",
    "钱塘路",
    "江滨路",
    "北环城路",
];
const SPOTS: [&str; 8] = [
    "门前",
    "店外人行道上",
    "小区出入口处",
    "路段",
    "菜市场周边",
    "在建工地",
    "商铺门口",
    "路口东侧",
];

/// What a clerk adds after the violation, by how the case went.
const DETAILS: [&str; 6] = [
    "，影响市容环境和通行秩序",
    "，经执法人员当场责令改正后拒不改正",
    "，经群众举报后执法人员现场核实",
    "，在日常巡查中被执法人员发现",
    "，经责令限期改正后逾期未改正",
    "，当事人对违法事实无异议",
];

/// Decisions made lazily: the generator yields one at a time so that a million fit in memory.
#[derive(Debug)]
pub struct PenaltyGenerator<'a> {
    org: &'a DistrictOrg,
    history: &'a [Delegation],
    calendar: &'a WorkingCalendar,
    rng: ChaCha8Rng,
    count: u64,
    next: u64,
    start: Date,
    today: Date,
    /// Localities decisions happen in, with weights.
    places: Vec<(&'a Locality, u32)>,
    /// Per locality, the penalty matters it commonly uses, most used first.
    used: HashMap<&'a str, Vec<&'a Matter>>,
    /// Every penalty matter, for the odd case outside the usual ones.
    all: Vec<&'a Matter>,
    /// Decision number sequences per (authority, year, procedure).
    sequences: HashMap<(String, i32, bool), u32>,
    /// The id of the first decision (ids are unique across districts).
    first_id: u64,
}

impl<'a> PenaltyGenerator<'a> {
    /// `count` decisions over the three years before `today` (exclusive), numbered from
    /// `first_id`, the same for the same arguments. `None` when the district has no penalty matter
    /// or no locality to place them in.
    pub fn new(
        org: &'a DistrictOrg,
        matters: &'a [Matter],
        history: &'a [Delegation],
        calendar: &'a WorkingCalendar,
        count: u64,
        first_id: u64,
        today: Date,
    ) -> Option<Self> {
        // Seeded by the district, so two districts' demo data differ.
        let seed = org
            .district
            .code
            .as_str()
            .bytes()
            .fold(0x5E17_0001u64, |acc, b| {
                acc.wrapping_mul(31).wrapping_add(u64::from(b))
            });
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let all: Vec<&Matter> = matters
            .iter()
            .filter(|m| m.power_kind == PowerKind::Penalty)
            .collect();
        let places: Vec<(&Locality, u32)> = org
            .localities
            .iter()
            .filter(|l| l.kind != LocalityKind::SpecialArea)
            .map(|l| (l, rng.gen_range(4..=12)))
            .collect();
        if all.is_empty() || places.is_empty() {
            return None;
        }
        let mut used = HashMap::new();
        for (l, _) in &places {
            let mut chosen = all.clone();
            chosen.shuffle(&mut rng);
            chosen.truncate(rng.gen_range(35..=55).min(all.len()));
            used.insert(l.id.as_str(), chosen);
        }
        let start = add_months_back(today, 36);
        Some(Self {
            org,
            history,
            calendar,
            rng,
            count,
            next: 0,
            first_id,
            start,
            today,
            places,
            used,
            all,
            sequences: HashMap::new(),
        })
    }

    fn person_name(&mut self) -> String {
        let surname = SURNAMES[self.rng.gen_range(0..SURNAMES.len())];
        let given = GIVEN[self.rng.gen_range(0..GIVEN.len())];
        format!("{surname}{given}")
    }

    /// A valid ID number in the non-existent region 999999.
    fn id_number(&mut self) -> String {
        let year = self.rng.gen_range(1955..=2004);
        let month = self.rng.gen_range(1..=12);
        let day = self.rng.gen_range(1..=28);
        let serial = self.rng.gen_range(0..1000);
        let body = format!("999999{year:04}{month:02}{day:02}{serial:03}");
        let check = resident_id_check(&body).unwrap_or('0');
        format!("{body}{check}")
    }

    fn phone(&mut self) -> String {
        format!("199{:08}", self.rng.gen_range(0..100_000_000u32))
    }

    fn credit_code(&mut self, prefix: &str) -> Option<CreditCode> {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        let mut body = format!("{prefix}{}", self.org.district.code);
        while body.len() < 17 {
            body.push(ALPHABET[self.rng.gen_range(0..ALPHABET.len())] as char);
        }
        CreditCode::complete(&body)
    }

    fn weighted_place(&mut self) -> &'a Locality {
        let total: u32 = self.places.iter().map(|(_, w)| w).sum();
        let mut pick = self.rng.gen_range(0..total);
        for (l, w) in &self.places {
            if pick < *w {
                return l;
            }
            pick -= w;
        }
        self.places[0].0
    }

    /// A matter the locality commonly uses (Zipf-like: the first ones most), now and then any.
    fn matter_at(&mut self, locality: &Locality) -> &'a Matter {
        if self.rng.gen_bool(0.02) {
            return self.all[self.rng.gen_range(0..self.all.len())];
        }
        let used = &self.used[locality.id.as_str()];
        let weights: f64 = (1..=used.len()).map(|r| 1.0 / r as f64).sum();
        let mut pick = self.rng.gen_range(0.0..weights);
        for (r, m) in used.iter().enumerate() {
            let w = 1.0 / (r + 1) as f64;
            if pick < w {
                return m;
            }
            pick -= w;
        }
        used[0]
    }

    fn decision_number(
        &mut self,
        authority: &str,
        locality: &Locality,
        year: i32,
        summary: bool,
    ) -> String {
        let seq = self
            .sequences
            .entry((authority.to_owned(), year, summary))
            .or_insert(0);
        *seq += 1;
        let seq = *seq;
        let prefix = match self.org.authority(
            &gongshi_domain::AuthorityId::parse(authority)
                .unwrap_or_else(|_| locality.authority.clone()),
        ) {
            Some(a) if a.kind == AuthorityKind::Department => {
                let short = a
                    .department
                    .as_ref()
                    .and_then(|d| self.org.department(d))
                    .map(|d| {
                        d.short_name
                            .as_str()
                            .trim_start_matches('区')
                            .trim_end_matches('局')
                            .to_owned()
                    })
                    .unwrap_or_default();
                format!("芗{short}")
            }
            _ => {
                let place: String = locality.name.as_str().chars().take(2).collect();
                format!("芗{place}综执")
            }
        };
        if summary {
            format!("{prefix}简罚〔{year}〕{seq}号")
        } else {
            format!("{prefix}罚〔{year}〕第{seq:04}号")
        }
    }

    fn decided_on(&mut self) -> Date {
        let span = (self.today - self.start).whole_days().max(1) as u64;
        let day = self.start + Duration::days((self.next * span / self.count.max(1)) as i64);
        // Decisions are made on working days: move to the next one (never past yesterday).
        let mut d = day;
        while !self.calendar.is_working_day(d).unwrap_or(true) && d < self.today - Duration::DAY {
            d += Duration::DAY;
        }
        d
    }

    fn one(&mut self) -> Option<PenaltyWrite> {
        let id = PenaltyId(self.first_id + self.next);
        let decided = self.decided_on();
        let locality = self.weighted_place();
        let matter = self.matter_at(locality);
        let jurisdiction = resolve(self.org, matter, self.history, &locality.id, decided).ok()?;
        let authority = jurisdiction.authority;

        let party_kind = match self.rng.gen_range(0..100) {
            0..50 => PartyKind::NaturalPerson,
            50..78 => PartyKind::IndividualBusiness,
            78..97 => PartyKind::LegalPerson,
            _ => PartyKind::OtherOrganisation,
        };
        let summary = self.rng.gen_bool(0.8);
        let procedure = if summary {
            Procedure::Summary
        } else {
            Procedure::Ordinary
        };
        let organisation = party_kind.is_organisation();

        // Kinds and amounts.
        let (kinds, fine, confiscated) = if summary {
            if self.rng.gen_bool(0.25) {
                (vec![PenaltyKind::Warning], 0, 0)
            } else if organisation {
                (vec![PenaltyKind::Fine], self.rng.gen_range(2..=30) * 100, 0)
            } else {
                (
                    vec![PenaltyKind::Fine],
                    [20, 50, 100, 100, 200, 200][self.rng.gen_range(0..6)],
                    0,
                )
            }
        } else {
            let base: f64 = 3000.0 * (self.rng.gen_range(-1.6f64..2.2)).exp();
            let fine = ((base / 100.0).round() as u64).clamp(2, 5000) * 100;
            match self.rng.gen_range(0..100) {
                0..62 => (vec![PenaltyKind::Fine], fine, 0),
                62..74 => (vec![PenaltyKind::Warning, PenaltyKind::Fine], fine, 0),
                74..84 => (
                    vec![PenaltyKind::Fine, PenaltyKind::ConfiscateGains],
                    fine,
                    self.rng.gen_range(5..=200) * 100,
                ),
                84..90 => (
                    vec![PenaltyKind::Fine, PenaltyKind::ConfiscateProperty],
                    fine,
                    0,
                ),
                90..94 => (vec![PenaltyKind::Warning], 0, 0),
                94..97 => (
                    vec![PenaltyKind::Fine, PenaltyKind::SuspendBusiness],
                    fine,
                    0,
                ),
                97..99 => (
                    vec![PenaltyKind::Fine, PenaltyKind::SuspendLicence],
                    fine,
                    0,
                ),
                _ => (vec![PenaltyKind::Fine, PenaltyKind::RevokeLicence], fine, 0),
            }
        };
        let severity = match (summary, self.rng.gen_range(0..100)) {
            (true, 0..75) => Severity::Minor,
            (true, _) => Severity::Ordinary,
            (false, 0..85) => Severity::Ordinary,
            (false, _) => Severity::Serious,
        };

        // The party.
        let (name, representative, credit_code, id_number, address) = match party_kind {
            PartyKind::NaturalPerson => {
                let id = self.id_number();
                let road = ROADS[self.rng.gen_range(0..ROADS.len())];
                let address = format!(
                    "{}{road}{}号（示例）",
                    self.org.district.name,
                    self.rng.gen_range(1..300)
                );
                (self.person_name(), None, None, Some(id), Some(address))
            }
            PartyKind::IndividualBusiness => {
                let trade = TRADE_NAMES[self.rng.gen_range(0..TRADE_NAMES.len())];
                let shop = [
                    "小吃店",
                    "便利店",
                    "五金店",
                    "水果店",
                    "理发店",
                    "烧烤店",
                    "汽车修理部",
                    "建材店",
                ][self.rng.gen_range(0..8)];
                let operator = self.person_name();
                let id = self.id_number();
                (
                    format!("{}{trade}{shop}", self.org.district.name),
                    Some(operator),
                    self.credit_code("92"),
                    Some(id),
                    None,
                )
            }
            PartyKind::LegalPerson => {
                let trade = TRADE_NAMES[self.rng.gen_range(0..TRADE_NAMES.len())];
                let industry = [
                    "餐饮管理",
                    "建筑工程",
                    "商贸",
                    "物业管理",
                    "房地产开发",
                    "装饰工程",
                    "食品",
                    "广告传媒",
                ][self.rng.gen_range(0..8)];
                let city = self.org.district.city.as_ref().map_or("", |c| c.as_str());
                let rep = self.person_name();
                (
                    format!("{city}{trade}{industry}有限公司"),
                    Some(rep),
                    self.credit_code("91"),
                    None,
                    None,
                )
            }
            PartyKind::OtherOrganisation => {
                let trade = TRADE_NAMES[self.rng.gen_range(0..TRADE_NAMES.len())];
                let kind = [
                    "农民专业合作社",
                    "养殖专业合作社",
                    "文化艺术培训中心",
                    "物业服务中心",
                ][self.rng.gen_range(0..4)];
                let rep = self.person_name();
                (
                    format!("{}{trade}{kind}", self.org.district.name),
                    Some(rep),
                    self.credit_code("52"),
                    None,
                    None,
                )
            }
        };

        // The text.
        let violation: String = matter
            .name
            .as_str()
            .trim_start_matches('对')
            .trim_end_matches("的行政处罚")
            .trim_end_matches("的处罚")
            .to_owned();
        let road = ROADS[self.rng.gen_range(0..ROADS.len())];
        let spot = SPOTS[self.rng.gen_range(0..SPOTS.len())];
        let detail = DETAILS[self.rng.gen_range(0..DETAILS.len())];
        let who = match party_kind {
            PartyKind::NaturalPerson => {
                if self.rng.gen_bool(0.2) {
                    let id = id_number.clone().unwrap_or_default();
                    let phone = self.phone();
                    format!("{name}（身份证号：{id}，联系电话：{phone}）")
                } else {
                    name.clone()
                }
            }
            PartyKind::IndividualBusiness => format!(
                "{name}（经营者{}）",
                representative.clone().unwrap_or_default()
            ),
            _ => name.clone(),
        };
        let mut others = Vec::new();
        let witness = if self.rng.gen_bool(0.1) {
            let w = self.person_name();
            others.push(w.clone());
            format!("，证人{w}在场")
        } else {
            String::new()
        };
        let (y, m, d) = (decided.year(), decided.month() as u8, decided.day());
        let facts = format!(
            "经查，当事人{who}于{y}年{m}月{d}日在{}{road}{}号{spot}{violation}{detail}{witness}。上述事实有现场检查笔录、询问笔录、现场照片等证据为证。",
            locality.name,
            self.rng.gen_range(1..400),
        );
        let basis = matter
            .legal_basis
            .first()
            .map(|b| format!("依据{}{}的规定", b.law, b.article))
            .unwrap_or_else(|| "依据相关法律、法规的规定".to_owned());
        let mut content = Vec::new();
        for k in &kinds {
            content.push(match k {
                PenaltyKind::Fine => format!("罚款人民币{}元", fine),
                PenaltyKind::ConfiscateGains => format!("没收违法所得人民币{}元", confiscated),
                PenaltyKind::ConfiscateProperty => "没收用于违法经营的工具、物品".to_owned(),
                PenaltyKind::SuspendBusiness => "责令停业整顿三个月".to_owned(),
                other => other.label_zh().to_owned(),
            });
        }
        let licence = kinds.iter().any(|k| k.concerns_licence()).then(|| Licence {
            name: Name::parse(
                [
                    "食品经营许可证",
                    "城市建筑垃圾处置核准",
                    "户外广告设置许可",
                    "燃气经营许可证",
                ][self.rng.gen_range(0..4)],
            )
            .expect("a name"),
            number: Name::parse(format!(
                "JY{}{:08}",
                self.org.district.code,
                self.rng.gen_range(0..100_000_000u32)
            ))
            .expect("a name"),
        });
        let in_effect_until = kinds
            .iter()
            .any(|k| {
                matches!(
                    k,
                    PenaltyKind::SuspendLicence | PenaltyKind::SuspendBusiness
                )
            })
            .then(|| add_months(decided, 3));

        // Publication: mostly within the week, some late, a few not yet.
        let delay = match self.rng.gen_range(0..100) {
            0..10 => 0,
            10..93 => self.rng.gen_range(1..=7),
            _ => self.rng.gen_range(8..=25),
        };
        let published = self
            .calendar
            .add_working_days(decided, delay)
            .unwrap_or(decided + Duration::days(i64::from(delay)));
        // A few recent decisions are always withdrawn, so the demo shows withdrawal stubs in
        // the public list whatever the day it was generated.
        let age = (self.today - decided).whole_days();
        let shown_withdrawn = (15..60).contains(&age) && self.next % 25 == 7;
        let withdrawal = if shown_withdrawn || self.rng.gen_bool(0.005) {
            let days = if shown_withdrawn {
                self.rng.gen_range(1..10)
            } else {
                self.rng.gen_range(5..60)
            };
            let date = published + Duration::days(days);
            (date < self.today).then(|| {
                let reason = [
                    WithdrawalReason::Revoked,
                    WithdrawalReason::Changed,
                    WithdrawalReason::FoundIllegal,
                ][self.rng.gen_range(0..3)];
                let explanation = match reason {
                    WithdrawalReason::Revoked => "经行政复议，原行政处罚决定被撤销，撤回公示",
                    WithdrawalReason::Changed => {
                        "经复核，原行政处罚决定已变更，原公示信息撤回，变更后的决定另行公示"
                    }
                    _ => "经人民法院判决确认违法，撤回公示",
                };
                Withdrawal {
                    date,
                    reason,
                    explanation: Text::parse(explanation).expect("text"),
                }
            })
        } else {
            None
        };
        let restriction = (party_kind == PartyKind::NaturalPerson && self.rng.gen_bool(0.006))
            .then_some(Restriction::Minor);
        let authority_name = self
            .org
            .authority(&authority)
            .map(|a| a.name.to_string())
            .unwrap_or_default();
        let authority_code = {
            let mut code = format!("11{}", self.org.district.code);
            for b in authority.as_str().bytes().take(9) {
                code.push(char::from(b'0' + b % 10));
            }
            while code.len() < 17 {
                code.push('0');
            }
            CreditCode::complete(&code)
        };

        let penalty = Penalty {
            id,
            decision_number: DecisionNumber::parse(self.decision_number(
                authority.as_str(),
                locality,
                y,
                summary,
            ))
            .ok()?,
            party: Party {
                kind: party_kind,
                name: Name::parse(&name).ok()?,
                credit_code,
                other_codes: Vec::new(),
                representative: representative.as_deref().and_then(|r| Name::parse(r).ok()),
                id_number: id_number.as_deref().and_then(|n| ResidentId::parse(n).ok()),
                address: address.as_deref().and_then(|a| Text::parse(a).ok()),
            },
            violation: Name::parse(&violation)
                .or_else(|_| Name::parse(matter.name.as_str()))
                .ok()?,
            facts: Text::parse(facts).ok()?,
            basis: Text::parse(basis).ok()?,
            kinds,
            content: Text::parse(content.join("；")).ok()?,
            fine: Fen::from_yuan(fine),
            confiscated: Fen::from_yuan(confiscated),
            licence,
            decided,
            in_effect_until,
            published,
            severity,
            procedure,
            authority,
            authority_credit_code: authority_code,
            locality: locality.id.clone(),
            matter: matter.code.clone(),
            source: Name::parse(authority_name).ok()?,
            remarks: None,
            others_named: others.iter().filter_map(|o| Name::parse(o).ok()).collect(),
            restriction,
            withdrawal,
        };
        let public = PublicPenalty::project(&penalty, self.calendar);
        Some(PenaltyWrite {
            district: self.org.district.code.clone(),
            penalty,
            public,
            domain: matter.domain,
        })
    }
}

/// `today` less `months` calendar months.
fn add_months_back(today: Date, months: u32) -> Date {
    let mut d = today;
    for _ in 0..months {
        d = d.replace_day(1).unwrap_or(d) - Duration::DAY;
    }
    d.replace_day(
        today
            .day()
            .min(time::util::days_in_month(d.month(), d.year())),
    )
    .unwrap_or(d)
}

impl Iterator for PenaltyGenerator<'_> {
    type Item = PenaltyWrite;

    fn next(&mut self) -> Option<PenaltyWrite> {
        while self.next < self.count {
            let one = self.one();
            self.next += 1;
            if one.is_some() {
                return one;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{CALENDAR, demo, demo_catalog};
    use gongshi_domain::mask::personal_numbers;
    use time::macros::date;

    #[test]
    fn demo_decisions_are_sound_varied_and_the_same_every_time() {
        let orgs = demo().expect("the demo organisation");
        let catalogs = demo_catalog(&orgs).expect("the demo catalog");
        let c = &catalogs[0];
        let org = orgs
            .iter()
            .find(|o| o.district.code == c.district)
            .expect("its organisation");
        let today = date!(2026 - 11 - 23);
        let generate = || {
            PenaltyGenerator::new(org, &c.matters, &c.history, &CALENDAR, 3000, 1, today)
                .expect("a district with penalty matters")
                .collect::<Vec<_>>()
        };
        let records = generate();
        assert_eq!(records.len(), 3000);
        let again = generate();
        assert!(
            records
                .iter()
                .zip(&again)
                .all(|(a, b)| a.penalty == b.penalty),
            "deterministic"
        );
        let mut kinds = std::collections::BTreeSet::new();
        let (mut summary, mut late, mut withdrawn, mut restricted) = (0, 0, 0, 0);
        let mut withdrawn_listed = 0;
        for (i, w) in records.iter().enumerate() {
            let p = &w.penalty;
            assert_eq!(p.problems(), [], "record {} is sound", p.id);
            assert!(p.decided < today && p.decided >= date!(2023 - 11 - 23));
            if i > 0 {
                assert!(
                    p.decided >= records[i - 1].penalty.decided,
                    "ids follow dates"
                );
            }
            kinds.insert(p.party.kind);
            summary += usize::from(p.procedure == Procedure::Summary);
            withdrawn += usize::from(p.withdrawal.is_some());
            withdrawn_listed += usize::from(matches!(
                p.visibility_on(today),
                gongshi_domain::penalty::Visibility::Withdrawn { .. }
            ));
            restricted += usize::from(p.restriction.is_some());
            if let Some(public) = &w.public {
                late += usize::from(public.timeliness.is_some_and(|t| t.late));
                let json = serde_json::to_string(public).expect("serialises");
                // Credit codes are published and their digits can read like a phone number.
                let mut without_codes = json.clone();
                for code in [&public.authority_credit_code, &public.party.credit_code]
                    .into_iter()
                    .flatten()
                {
                    without_codes = without_codes.replace(code.as_str(), "");
                }
                assert!(personal_numbers(&without_codes).is_empty(), "{json}");
            } else {
                assert!(p.restriction.is_some());
            }
        }
        assert_eq!(kinds.len(), 4, "every kind of party");
        assert!(
            (2200..=2600).contains(&summary),
            "about 80% summary: {summary}"
        );
        assert!(
            late > 50 && withdrawn > 3 && restricted > 1,
            "{late} {withdrawn} {restricted}"
        );
        assert!(
            withdrawn_listed >= 2,
            "the list shows withdrawal stubs today: {withdrawn_listed}"
        );
    }
}
