//! What a person does with the window, addressed by `data-testid`: find, click, type,
//! choose, press keys, draw. Every wait is bounded and says what it waited for.

use std::time::Duration;

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT,
};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::Locator;

use super::session::seconds;
use super::{App, TIMEOUT};

pub fn selector(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

/// Text as compared by the tests: no spaces or separators, upper case. The UI may show
/// "粤B·12345" or "139 1234 5678"; what it shows must still be the same plate or number.
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '-' | '(' | ')' | '.'))
        .flat_map(char::to_uppercase)
        .collect()
}

impl App {
    /// The elements with this test id that are displayed now (no waiting).
    pub async fn find_all(&self, testid: &str) -> Vec<Element> {
        let found = self
            .client()
            .find_all(Locator::Css(&selector(testid)))
            .await
            .unwrap_or_default();
        let mut shown = Vec::new();
        for element in found {
            if element.is_displayed().await.unwrap_or(false) {
                shown.push(element);
            }
        }
        shown
    }

    /// The first displayed element with this test id, waiting up to `timeout` for it.
    pub async fn wait_for(&self, testid: &str, timeout: Duration) -> Element {
        let what = selector(testid);
        self.wait_until(&what, timeout, async || {
            self.find_all(testid).await.into_iter().next()
        })
        .await
    }

    /// `wait_for` with the default timeout.
    pub async fn find(&self, testid: &str) -> Element {
        self.wait_for(testid, TIMEOUT).await
    }

    /// Waits until at least `count` elements with this test id are displayed.
    pub async fn wait_count(&self, testid: &str, count: usize) -> Vec<Element> {
        let what = format!("{count} × {}", selector(testid));
        self.wait_until(&what, TIMEOUT, async || {
            let shown = self.find_all(testid).await;
            (shown.len() >= count).then_some(shown)
        })
        .await
    }

    /// Waits until no element with this test id is displayed.
    pub async fn wait_gone(&self, testid: &str, timeout: Duration) {
        let what = format!("{} to disappear", selector(testid));
        self.wait_until(&what, timeout, async || {
            self.find_all(testid).await.is_empty().then_some(())
        })
        .await
    }

    /// The visible text of the first element with this test id, trimmed.
    pub async fn text(&self, testid: &str) -> String {
        text_of(&self.find(testid).await).await
    }

    /// Waits until an element with this test id shows text containing `text`.
    pub async fn wait_text(&self, testid: &str, text: &str) -> Element {
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            seen.clear();
            for element in self.find_all(testid).await {
                let shown = text_of(&element).await;
                if shown.contains(text) {
                    return element;
                }
                seen.push(shown);
            }
            if tokio::time::Instant::now() >= deadline {
                panic!(
                    "timed out after {} waiting for {} to show {text:?}; it showed {seen:?}",
                    seconds(TIMEOUT),
                    selector(testid)
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks the element with this test id, retrying while it is covered or re-rendered.
    pub async fn click(&self, testid: &str) {
        let what = format!("{} to accept a click", selector(testid));
        self.wait_until(&what, TIMEOUT, async || {
            let element = self.find_all(testid).await.into_iter().next()?;
            // A button busy with the last click (a form printing) is disabled: a click
            // on it would do nothing, so wait for it as a person would.
            if !element.is_enabled().await.ok()? {
                return None;
            }
            element.click().await.ok()
        })
        .await
    }

    /// Clicks the first element with this test id whose text contains `text`, retrying
    /// while the list is re-rendered under the pointer.
    pub async fn click_text(&self, testid: &str, text: &str) {
        let what = format!("{} showing {text:?} to accept a click", selector(testid));
        self.wait_until(&what, TIMEOUT, async || {
            for element in self.find_all(testid).await {
                if text_of(&element).await.contains(text) {
                    // WebKitWebDriver calls a table row itself "not interactable": a
                    // person clicks one of its cells.
                    let target = match element.find(Locator::Css("td")).await {
                        Ok(cell) => cell,
                        Err(_) => element,
                    };
                    return target.click().await.ok();
                }
            }
            None
        })
        .await
    }

    /// Replaces the content of an input with `text`, typed key by key. Characters the
    /// driver cannot type (it has no input method for 王) are set as the value with an
    /// `input` event, which is what an input method delivers.
    pub async fn type_into(&self, testid: &str, text: &str) {
        let element = self.find(testid).await;
        let _ = element.click().await;
        let _ = element.clear().await;
        let typed = element.send_keys(text).await;
        let value = element.prop("value").await.ok().flatten();
        if typed.is_err() || value.as_deref() != Some(text) {
            self.set_value(&element, text).await;
        }
        let value = element.prop("value").await.ok().flatten();
        assert_eq!(
            value.as_deref(),
            Some(text),
            "{} should hold what was typed",
            selector(testid)
        );
    }

    async fn set_value(&self, element: &Element, text: &str) {
        let target = serde_json::to_value(element).unwrap_or_default();
        self.client()
            .execute(
                "const [el, value] = arguments;
                 const proto = Object.getPrototypeOf(el);
                 Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
                 el.dispatchEvent(new Event('input', { bubbles: true }));
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![target, text.into()],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot set the value {text:?}: {e}"));
    }

    /// Chooses the option with this `value` in a `<select>`.
    pub async fn select(&self, testid: &str, value: &str) {
        let element = self.find(testid).await;
        if element.select_by_value(value).await.is_err()
            || element.prop("value").await.ok().flatten().as_deref() != Some(value)
        {
            self.set_value(&element, value).await;
        }
        assert_eq!(
            element.prop("value").await.ok().flatten().as_deref(),
            Some(value),
            "{} should have {value:?} chosen",
            selector(testid)
        );
    }

    /// Ticks or unticks a checkbox (or picks a radio button) by clicking it if needed.
    pub async fn set_checked(&self, testid: &str, checked: bool) {
        let element = self.find(testid).await;
        if element.is_selected().await.unwrap_or(!checked) != checked {
            self.click(testid).await;
        }
        assert_eq!(
            element.is_selected().await.ok(),
            Some(checked),
            "{} should be {}",
            selector(testid),
            if checked { "checked" } else { "unchecked" }
        );
    }

    /// Presses the keys together and releases them in reverse order: `&[Key::Control.into(),
    /// 'k']` is Ctrl+K. Goes to whatever has the focus, like a real keyboard.
    pub async fn press_keys(&self, keys: &[char]) {
        let mut keyboard = KeyActions::new("keyboard".to_string());
        for &value in keys {
            keyboard = keyboard.then(KeyAction::Down { value });
        }
        for &value in keys.iter().rev() {
            keyboard = keyboard.then(KeyAction::Up { value });
        }
        self.client()
            .perform_actions(keyboard)
            .await
            .unwrap_or_else(|e| panic!("pressing {keys:?} failed: {e}"));
    }

    pub async fn press_key(&self, key: Key) {
        self.press_keys(&[key.into()]).await;
    }

    /// Draws strokes with the mouse on the element (a signature pad). Points are in CSS
    /// pixels from the element's top-left corner; each stroke is pen down, moves, pen up.
    pub async fn draw(&self, testid: &str, strokes: &[&[(f64, f64)]]) {
        let element = self.find(testid).await;
        // Pointer actions do not scroll: bring the element into view as a person would.
        let target = serde_json::to_value(&element).unwrap_or_default();
        let _ = self
            .client()
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' })",
                vec![target],
            )
            .await;
        let (_, _, width, height) = element
            .rectangle()
            .await
            .unwrap_or_else(|e| panic!("{} has no size: {e}", selector(testid)));
        // Pointer offsets are relative to the element's centre.
        let at = |(x, y): (f64, f64), duration| PointerAction::MoveToElement {
            element: element.clone(),
            duration,
            x: x - width / 2.0,
            y: y - height / 2.0,
        };
        let mut mouse = MouseActions::new("mouse".to_string());
        for stroke in strokes {
            let Some((&first, rest)) = stroke.split_first() else {
                continue;
            };
            mouse = mouse.then(at(first, None)).then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            });
            for &point in rest {
                mouse = mouse.then(at(point, Some(Duration::from_millis(16))));
            }
            mouse = mouse.then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        }
        self.client()
            .perform_actions(mouse)
            .await
            .unwrap_or_else(|e| panic!("drawing on {} failed: {e}", selector(testid)));
    }

    /// Elements with this test id inside `parent`.
    pub async fn within(&self, parent: &Element, testid: &str) -> Vec<Element> {
        parent
            .find_all(Locator::Css(&selector(testid)))
            .await
            .unwrap_or_default()
    }
}

pub async fn text_of(element: &Element) -> String {
    element.text().await.unwrap_or_default().trim().to_string()
}
