//! Dates at the precision the text supports: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date (want YYYY, YYYY-MM or YYYY-MM-DD): {0:?}")]
pub struct DateError(pub String);

impl Date {
    pub fn year(year: i32) -> Date {
        Date {
            year,
            month: None,
            day: None,
        }
    }

    pub fn month(year: i32, month: u8) -> Date {
        Date {
            year,
            month: Some(month),
            day: None,
        }
    }

    /// A full date; `None` when the day does not exist in that month.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and also a longer ISO 8601
    /// timestamp (`2012-05-27T10:00:00Z`), keeping only its date.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let err = || DateError(s.to_string());
        let t = s.trim();
        let t = t.split(['T', ' ']).next().unwrap_or(t);
        let mut parts = t.split('-');
        let y: i32 = parts
            .next()
            .filter(|p| p.len() == 4)
            .and_then(|p| p.parse().ok())
            .ok_or_else(err)?;
        let m = match parts.next() {
            None => return Ok(Date::year(y)),
            Some(p) => p.parse::<u8>().ok().filter(|m| (1..=12).contains(m)),
        }
        .ok_or_else(err)?;
        let d = match parts.next() {
            None => return Ok(Date::month(y, m)),
            Some(p) => p.parse::<u8>().ok(),
        }
        .ok_or_else(err)?;
        if parts.next().is_some() {
            return Err(err());
        }
        Date::ymd(y, m, d).ok_or_else(err)
    }

    /// Day of the week, 0 = Monday, for full dates.
    pub fn weekday(&self) -> Option<u32> {
        let (m, d) = (self.month?, self.day?);
        // Sakamoto's method; 0 = Sunday, shifted so 0 = Monday.
        const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let mut y = self.year;
        if m < 3 {
            y -= 1;
        }
        let w = (y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d as i32).rem_euclid(7);
        Some(((w + 6) % 7) as u32)
    }

    /// This date moved back by `days` (full dates only).
    pub fn minus_days(&self, days: u32) -> Option<Date> {
        let (mut y, mut m, mut d) = (self.year, self.month?, self.day? as i32);
        d -= days as i32;
        while d < 1 {
            if m == 1 {
                m = 12;
                y -= 1;
            } else {
                m -= 1;
            }
            d += days_in_month(y, m) as i32;
        }
        Date::ymd(y, m, d as u8)
    }
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// In the OpenAPI document: the string it serialises to.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Date {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^-?[0-9]{4,}(-[0-9]{2}(-[0-9]{2})?)?$"))
            .description(Some(
                "A date at the precision the text gives: YYYY, YYYY-MM or YYYY-MM-DD",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Date {}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(Date::parse("2012").unwrap().to_string(), "2012");
        assert_eq!(Date::parse("2012-05").unwrap().to_string(), "2012-05");
        assert_eq!(Date::parse("2012-05-27").unwrap().to_string(), "2012-05-27");
        assert_eq!(
            Date::parse("2012-05-27T08:00:00Z").unwrap().to_string(),
            "2012-05-27"
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "",
            "12",
            "2012-13",
            "2011-02-29",
            "May 2012",
            "2012-05-27-1",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(Date::parse("2012-02-29").is_ok());
    }

    #[test]
    fn weekday_and_minus_days() {
        // 27 May 2012 was a Sunday.
        let d = Date::parse("2012-05-27").unwrap();
        assert_eq!(d.weekday(), Some(6));
        assert_eq!(d.minus_days(27).unwrap().to_string(), "2012-04-30");
        assert_eq!(
            Date::parse("2012-03-01")
                .unwrap()
                .minus_days(1)
                .unwrap()
                .to_string(),
            "2012-02-29"
        );
    }
}
