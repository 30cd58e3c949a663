//! Time as plain Unix seconds, passed in explicitly so every check can be replayed and tested.
//!
//! Only [`system_now`] reads the real clock; everything else takes `now` as an argument.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970-01-01 00:00:00 UTC (what JWT `iat`/`exp`/`nbf` use).
pub type UnixSeconds = i64;

/// `--demo` clock: 2026-01-01 00:00:00 UTC, the same in the tutorial and every command, so a token
/// copied from one checks out the same in another.
pub const DEMO_NOW: UnixSeconds = 1_767_225_600;

/// The system clock in Unix seconds. A clock before 1970 reads as a negative number, not a panic.
pub fn system_now() -> UnixSeconds {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Converts days since 1970-01-01 into a proleptic Gregorian (year, month, day).
///
/// Howard Hinnant's `civil_from_days`: exact for every representable day, no tables, no crate.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // month is 1..=12 and day 1..=31 by construction.
    (year, month as u32, day as u32)
}

/// Formats Unix seconds as `YYYY-MM-DD HH:MM:SS UTC`, e.g. `2026-11-23 19:21:22 UTC`.
pub fn format_unix_utc(seconds: UnixSeconds) -> String {
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        second_of_day / 3_600,
        second_of_day % 3_600 / 60,
        second_of_day % 60
    )
}

/// A duration in seconds written the way people say it: `0s`, `59s`, `14m 59s`, `2h 0m 5s`, `3d 4h 0m 0s`.
pub fn format_duration(seconds: u64) -> String {
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (hours, rest) = (rest / 3_600, rest % 3_600);
    let (minutes, secs) = (rest / 60, rest % 60);
    if days > 0 {
        format!("{days}d {hours}h {minutes}m {secs}s")
    } else if hours > 0 {
        format!("{hours}h {minutes}m {secs}s")
    } else if minutes > 0 {
        format!("{minutes}m {secs}s")
    } else {
        format!("{secs}s")
    }
}

/// How a deadline relates to `now`: `expires in 14m 59s` or `expired 3m 2s ago`.
///
/// Uses the same rule as verification with zero leeway: at `now == exp` the token is already expired.
pub fn describe_expiry(exp: UnixSeconds, now: UnixSeconds) -> String {
    if now >= exp {
        format!("expired {} ago", format_duration(now.abs_diff(exp)))
    } else {
        format!("expires in {}", format_duration(exp.abs_diff(now)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_unix_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_unix_utc(1_795_461_682), "2026-11-23 19:21:22 UTC");
        // Leap day and the day after, in a leap year divisible by 400.
        assert_eq!(format_unix_utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_unix_utc(951_868_800), "2000-03-01 00:00:00 UTC");
        assert_eq!(format_unix_utc(-1), "1969-12-31 23:59:59 UTC");
        assert_eq!(format_unix_utc(4_102_444_800), "2100-01-01 00:00:00 UTC");
    }

    #[test]
    fn civil_from_days_round_trips_month_lengths() {
        // Walk four centuries and check each day follows the previous one.
        let mut previous = civil_from_days(-1);
        for day in 0..146_097 {
            let current = civil_from_days(day);
            let next_in_month = (previous.0, previous.1, previous.2 + 1);
            let next_month =
                if previous.1 == 12 { (previous.0 + 1, 1, 1) } else { (previous.0, previous.1 + 1, 1) };
            assert!(current == next_in_month || current == next_month, "{previous:?} -> {current:?}");
            let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let month_length = match current.1 {
                2 if leap(current.0) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            assert!(current.2 <= month_length, "{current:?}");
            previous = current;
        }
        assert_eq!(civil_from_days(146_097), (2370, 1, 1));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(59), "59s");
        assert_eq!(format_duration(899), "14m 59s");
        assert_eq!(format_duration(7_205), "2h 0m 5s");
        assert_eq!(format_duration(86_400 * 3 + 3_600 * 4), "3d 4h 0m 0s");
    }

    #[test]
    fn expiry_wording_matches_the_verification_boundary() {
        assert_eq!(describe_expiry(1_000, 101), "expires in 14m 59s");
        assert_eq!(describe_expiry(1_000, 1_000), "expired 0s ago");
        assert_eq!(describe_expiry(1_000, 1_182), "expired 3m 2s ago");
    }

    #[test]
    fn system_clock_is_after_2024() {
        assert!(system_now() > 1_704_067_200);
    }
}
