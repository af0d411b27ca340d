//! Working days (工作日): the unit of the publication deadline. A penalty decision must be public
//! within 7 working days of the decision; weekends, public holidays and the weekend days worked in
//! exchange (调休) are set each year by the State Council and kept in `data/calendar/working-days.toml`.

use crate::Name;
use serde::Deserialize;
use std::collections::BTreeSet;
use time::{Date, Duration, Weekday};

/// The calendar file: one entry per year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    #[serde(rename = "year")]
    pub years: Vec<YearEntry>,
}

/// One year's holidays and swapped working days.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearEntry {
    pub year: i32,
    /// The State Council notice the entry follows (国办发明电〔…〕…号); absent while provisional.
    pub notice: Option<Name>,
    /// Statutory holidays only, the year's notice not yet in the file.
    #[serde(default)]
    pub provisional: bool,
    pub holidays: Vec<Holiday>,
    /// Saturdays and Sundays worked in exchange for a holiday (调休上班).
    pub workdays: Vec<Date>,
}

/// A run of days off, inclusive.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub name: Name,
    pub from: Date,
    pub to: Date,
}

/// What is wrong with a calendar file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("the calendar lists no year")]
    Empty,
    #[error("the years must be consecutive and in order; {year} does not follow {previous}")]
    NotConsecutive { previous: i32, year: i32 },
    #[error("{year}: {date} is outside the year")]
    OutsideYear { year: i32, date: Date },
    #[error("{year}: holiday {name} ends before it starts")]
    Backwards { year: i32, name: String },
    #[error("{year}: {date} is listed as a swapped working day but is not a Saturday or Sunday")]
    WeekdaySwap { year: i32, date: Date },
    #[error("{year}: {date} is both a holiday and a working day")]
    Both { year: i32, date: Date },
    #[error("{year}: a year that is not provisional names its notice")]
    NoNotice { year: i32 },
}

/// A date the calendar does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the working-day calendar covers {first} to {last}, not {date}")]
pub struct OutOfRange {
    pub date: Date,
    pub first: Date,
    pub last: Date,
}

/// The working-day calendar over whole years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    first: Date,
    last: Date,
    /// `counted[i]`: working days from `first` to `first + i` inclusive.
    counted: Vec<u32>,
    provisional: BTreeSet<i32>,
}

impl WorkingCalendar {
    /// Builds the calendar, refusing a file that contradicts itself.
    pub fn new(file: &CalendarFile) -> Result<Self, CalendarError> {
        let (Some(first_year), Some(last_year)) = (file.years.first(), file.years.last()) else {
            return Err(CalendarError::Empty);
        };
        let mut holidays = BTreeSet::new();
        let mut workdays = BTreeSet::new();
        let mut provisional = BTreeSet::new();
        for (i, entry) in file.years.iter().enumerate() {
            let year = entry.year;
            if i > 0 && file.years[i - 1].year + 1 != year {
                return Err(CalendarError::NotConsecutive {
                    previous: file.years[i - 1].year,
                    year,
                });
            }
            if entry.provisional {
                provisional.insert(year);
            } else if entry.notice.is_none() {
                return Err(CalendarError::NoNotice { year });
            }
            for h in &entry.holidays {
                if h.to < h.from {
                    return Err(CalendarError::Backwards {
                        year,
                        name: h.name.to_string(),
                    });
                }
                for date in [h.from, h.to] {
                    if date.year() != year {
                        return Err(CalendarError::OutsideYear { year, date });
                    }
                }
                let mut d = h.from;
                while d <= h.to {
                    holidays.insert(d);
                    d += Duration::DAY;
                }
            }
            for &date in &entry.workdays {
                if date.year() != year {
                    return Err(CalendarError::OutsideYear { year, date });
                }
                if !is_weekend(date) {
                    return Err(CalendarError::WeekdaySwap { year, date });
                }
                if holidays.contains(&date) {
                    return Err(CalendarError::Both { year, date });
                }
                workdays.insert(date);
            }
        }
        let first =
            Date::from_ordinal_date(first_year.year, 1).map_err(|_| CalendarError::Empty)?;
        let last = Date::from_ordinal_date(last_year.year + 1, 1)
            .map_err(|_| CalendarError::Empty)?
            - Duration::DAY;
        let mut counted = Vec::with_capacity(((last - first).whole_days() + 1) as usize);
        let mut total = 0;
        let mut d = first;
        while d <= last {
            let working = workdays.contains(&d) || !(is_weekend(d) || holidays.contains(&d));
            total += u32::from(working);
            counted.push(total);
            d += Duration::DAY;
        }
        Ok(Self {
            first,
            last,
            counted,
            provisional,
        })
    }

    /// The first and last dates covered.
    pub fn range(&self) -> (Date, Date) {
        (self.first, self.last)
    }

    fn index(&self, date: Date) -> Result<usize, OutOfRange> {
        if date < self.first || date > self.last {
            return Err(OutOfRange {
                date,
                first: self.first,
                last: self.last,
            });
        }
        Ok((date - self.first).whole_days() as usize)
    }

    pub fn is_working_day(&self, date: Date) -> Result<bool, OutOfRange> {
        let i = self.index(date)?;
        let before = if i == 0 { 0 } else { self.counted[i - 1] };
        Ok(self.counted[i] > before)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`): a
    /// record published on the decision day took 0, one published the next working day took 1.
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<u32, OutOfRange> {
        let (i, j) = (self.index(from)?, self.index(to)?);
        Ok(self.counted[j].saturating_sub(self.counted[i]))
    }

    /// The `n`th working day after `from`: the last day a deadline of `n` working days allows.
    pub fn add_working_days(&self, from: Date, n: u32) -> Result<Date, OutOfRange> {
        let i = self.index(from)?;
        let target = self.counted[i] + n;
        let j = self.counted[i..].partition_point(|&c| c < target) + i;
        if j >= self.counted.len() {
            return Err(OutOfRange {
                date: self.last + Duration::DAY,
                first: self.first,
                last: self.last,
            });
        }
        Ok(self.first + Duration::days(j as i64))
    }

    /// Whether `date` falls in a year whose official notice is not yet in the calendar.
    pub fn is_provisional(&self, date: Date) -> bool {
        self.provisional.contains(&date.year())
    }
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn calendar() -> WorkingCalendar {
        let file: CalendarFile =
            toml::from_str(include_str!("../../../data/calendar/working-days.toml"))
                .expect("the committed calendar parses");
        WorkingCalendar::new(&file).expect("the committed calendar is consistent")
    }

    #[test]
    fn covers_2023_to_2027_and_knows_what_is_provisional() {
        let cal = calendar();
        assert_eq!(cal.range(), (date!(2023 - 01 - 01), date!(2027 - 12 - 31)));
        assert!(cal.is_provisional(date!(2027 - 03 - 01)));
        assert!(!cal.is_provisional(date!(2026 - 03 - 01)));
        assert!(cal.is_working_day(date!(2022 - 12 - 30)).is_err());
        assert!(cal.is_working_day(date!(2028 - 01 - 01)).is_err());
    }

    #[test]
    fn weekends_holidays_and_swaps() {
        let cal = calendar();
        let cases = [
            (date!(2024 - 03 - 05), true, "an ordinary Tuesday"),
            (date!(2024 - 03 - 09), false, "an ordinary Saturday"),
            (date!(2024 - 02 - 12), false, "春节 Monday"),
            (date!(2024 - 02 - 04), true, "Sunday worked before 春节"),
            (date!(2024 - 02 - 18), true, "Sunday worked after 春节"),
            (date!(2025 - 10 - 08), false, "the eighth day of 国庆 2025"),
            (
                date!(2025 - 10 - 11),
                true,
                "Saturday worked after 国庆 2025",
            ),
            (date!(2026 - 01 - 04), true, "Sunday worked after 元旦 2026"),
            (date!(2023 - 01 - 02), false, "元旦 2023 carried to Monday"),
            (date!(2027 - 02 - 08), false, "provisional 春节 2027"),
        ];
        for (d, working, why) in cases {
            assert_eq!(cal.is_working_day(d), Ok(working), "{why}");
        }
    }

    #[test]
    fn the_seven_working_day_deadline_across_holidays() {
        let cal = calendar();
        // An ordinary week: decided Monday, the 7th working day is Wednesday next week.
        assert_eq!(
            cal.add_working_days(date!(2024 - 03 - 04), 7),
            Ok(date!(2024 - 03 - 13))
        );
        // Decided the Friday before 国庆 2024 (Sunday 29 September worked, 1–7 October off).
        assert_eq!(
            cal.add_working_days(date!(2024 - 09 - 27), 7),
            Ok(date!(2024 - 10 - 12)),
            "the worked Saturday 12 October is the seventh"
        );
        assert_eq!(
            cal.working_days_between(date!(2024 - 09 - 27), date!(2024 - 10 - 11)),
            Ok(6)
        );
        assert_eq!(
            cal.working_days_between(date!(2024 - 09 - 27), date!(2024 - 10 - 14)),
            Ok(8),
            "published the Monday after: late"
        );
        // Across the end of a year.
        assert_eq!(
            cal.working_days_between(date!(2024 - 12 - 31), date!(2025 - 01 - 02)),
            Ok(1)
        );
        assert_eq!(
            cal.working_days_between(date!(2024 - 03 - 05), date!(2024 - 03 - 05)),
            Ok(0)
        );
        assert_eq!(
            cal.working_days_between(date!(2024 - 03 - 06), date!(2024 - 03 - 05)),
            Ok(0)
        );
        assert!(cal.add_working_days(date!(2027 - 12 - 30), 7).is_err());
    }

    #[test]
    fn contradictions_are_refused() {
        let parse = |s: &str| WorkingCalendar::new(&toml::from_str(s).expect("shape"));
        assert_eq!(parse("year = []"), Err(CalendarError::Empty));
        let swap = r#"[[year]]
year = 2024
notice = "n"
holidays = []
workdays = ["2024-03-05"]"#;
        assert_eq!(
            parse(swap),
            Err(CalendarError::WeekdaySwap {
                year: 2024,
                date: date!(2024 - 03 - 05)
            })
        );
        let gap = r#"[[year]]
year = 2024
notice = "n"
holidays = []
workdays = []
[[year]]
year = 2026
notice = "n"
holidays = []
workdays = []"#;
        assert_eq!(
            parse(gap),
            Err(CalendarError::NotConsecutive {
                previous: 2024,
                year: 2026
            })
        );
        let unnamed = "[[year]]\nyear = 2024\nholidays = []\nworkdays = []";
        assert_eq!(parse(unnamed), Err(CalendarError::NoNotice { year: 2024 }));
    }

    proptest! {
        #[test]
        fn the_deadline_is_the_day_the_count_reaches_n(offset in 0i64..1700, n in 0u32..30) {
            let cal = calendar();
            let from = date!(2023 - 01 - 01) + Duration::days(offset);
            let deadline = cal.add_working_days(from, n).expect("inside the calendar");
            prop_assert_eq!(cal.working_days_between(from, deadline), Ok(n));
            if n > 0 {
                prop_assert_eq!(cal.is_working_day(deadline), Ok(true));
                prop_assert_eq!(cal.working_days_between(from, deadline - Duration::DAY), Ok(n - 1));
            }
        }
    }
}
