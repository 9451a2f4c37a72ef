//! How a currency is written: its symbol and how many minor digits it has (2 for CNY, 0 for
//! JPY). Sent to the window with the shop's settings so the screens format money exactly
//! as the printed forms do, never assuming two decimals.
use serde::{Deserialize, Serialize};

/// The symbol and the minor digits of one ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyStyle {
    pub code: String,
    pub symbol: String,
    pub minor_digits: u32,
}

/// The currencies the forms know by name; any other is written with its code and two
/// minor digits.
const KNOWN: [&str; 10] = [
    "CNY", "HKD", "TWD", "MOP", "USD", "SGD", "EUR", "GBP", "JPY", "KRW",
];

/// How `code` is written.
pub fn currency_style(code: &str) -> CurrencyStyle {
    let (symbol, minor_digits) = super::format::currency_style(code);
    CurrencyStyle {
        code: code.to_ascii_uppercase(),
        symbol,
        minor_digits,
    }
}

/// Every known currency's style, the shop's own first (when it is not one of them, too).
pub fn currency_styles(shop_currency: &str) -> Vec<CurrencyStyle> {
    let own = currency_style(shop_currency);
    let mut out = vec![own.clone()];
    out.extend(
        KNOWN
            .iter()
            .filter(|code| **code != own.code)
            .map(|code| currency_style(code)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{format_money, Lang};

    #[test]
    fn yen_has_no_minor_digits_and_yuan_has_two() {
        assert_eq!(currency_style("JPY").minor_digits, 0);
        assert_eq!(currency_style("cny").minor_digits, 2);
        assert_eq!(currency_style("CNY").symbol, "¥");
    }

    #[test]
    fn the_style_sent_is_the_one_the_forms_print_with() {
        for code in KNOWN {
            let s = currency_style(code);
            let printed = format_money(12_345, code, Lang::En);
            let fraction = printed.rsplit_once('.').map_or(0, |(_, f)| f.len());
            assert_eq!(fraction as u32, s.minor_digits, "{code}: {printed}");
            assert!(printed.starts_with(&s.symbol), "{code}: {printed}");
        }
    }

    #[test]
    fn the_shops_currency_comes_first_even_when_unknown() {
        let styles = currency_styles("CHF");
        assert_eq!(styles[0].code, "CHF");
        assert_eq!(styles[0].minor_digits, 2);
        assert_eq!(styles.len(), KNOWN.len() + 1);
        assert_eq!(
            currency_styles("JPY").len(),
            KNOWN.len(),
            "no currency twice"
        );
    }
}
