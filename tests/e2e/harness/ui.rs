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

/// Lists what spills at the current size: the page wider than the window, and every panel,
/// section or column (overflow visible, displayed) whose content is wider than itself.
const LAYOUT_CHECK: &str = "
    const name = (el) => el.dataset.testid ? `[data-testid=\"${el.dataset.testid}\"]`
        : el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const out = [];
    const page = document.scrollingElement || document.documentElement;
    if (page.scrollWidth > page.clientWidth + 1) {
        out.push(`the page is ${page.scrollWidth}px wide in a ${page.clientWidth}px window`);
    }
    for (const el of document.querySelectorAll('.panel, main, aside, section, header, nav, dialog, form, .col')) {
        if (!el.getClientRects().length) continue;
        const style = getComputedStyle(el);
        if (style.overflowX !== 'visible') continue;
        if (el.scrollWidth > el.clientWidth + 1) {
            const text = (el.innerText || '').trim().split('\\n')[0].slice(0, 60);
            out.push(`${name(el)} holds ${el.scrollWidth}px of content in ${el.clientWidth}px (\"${text}\")`);
        }
    }
    return out;";

/// Why an element cannot take a click: where it is against the window, the containers
/// that clip it, and what covers its centre.
const WHY_HIDDEN: &str = "
    const el = arguments[0];
    const name = (e) => e.dataset && e.dataset.testid ? `[data-testid=\"${e.dataset.testid}\"]`
        : e.tagName.toLowerCase();
    const r = el.getBoundingClientRect();
    const parts = [`at x=${Math.round(r.left)}..${Math.round(r.right)}, y=${Math.round(r.top)}..${Math.round(r.bottom)} in a ${innerWidth}x${innerHeight} window`];
    if (r.width === 0 || r.height === 0) parts.push('it has no size');
    for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const q = p.getBoundingClientRect();
        if (r.left < q.left - 1 || r.right > q.right + 1 || r.top < q.top - 1 || r.bottom > q.bottom + 1) {
            parts.push(`clipped by ${name(p)} (overflow ${s.overflowX}/${s.overflowY})`);
        }
    }
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const top = document.elementFromPoint(x, y);
    if (!top) parts.push('its centre is outside the window');
    else if (top !== el && !el.contains(top)) parts.push(`its centre is covered by ${name(top)}`);
    return parts.join('; ');";

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

    /// Clicks the element with this test id as a person does: scrolled into view first,
    /// retrying while it is covered or re-rendered. The layout is checked before each
    /// click ([`App::assert_layout_fits`]); a control that stays hidden names what hides it.
    pub async fn click(&self, testid: &str) {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            if let Some(element) = self.find_all(testid).await.into_iter().next() {
                // A button busy with the last click (a form printing) is disabled: a click
                // on it would do nothing, so wait for it as a person would.
                if element.is_enabled().await.unwrap_or(false) {
                    self.assert_layout_fits(testid).await;
                    self.scroll_into_view(&element).await;
                    if element.click().await.is_ok() {
                        return;
                    }
                }
                if tokio::time::Instant::now() >= deadline {
                    let why = self.why_hidden(&element).await;
                    panic!(
                        "timed out after {} waiting for {} to accept a click: {why}",
                        seconds(TIMEOUT),
                        selector(testid)
                    );
                }
            } else if tokio::time::Instant::now() >= deadline {
                panic!(
                    "timed out after {} waiting for {} to accept a click: not displayed",
                    seconds(TIMEOUT),
                    selector(testid)
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Scrolls the element to the middle of its scroll containers, as a person scrolls
    /// to a button before pressing it.
    pub async fn scroll_into_view(&self, element: &Element) {
        let target = serde_json::to_value(element).unwrap_or_default();
        let _ = self
            .client()
            .execute(
                "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' })",
                vec![target],
            )
            .await;
    }

    /// Fails the test when the window's layout hides or spills anything at this screen
    /// size: the page wider than the window, or a panel whose content runs out of it (a
    /// path or a number without a break). Such a layout hides controls on some machines
    /// (other fonts, a longer data folder) and not on others, so it fails on all of them.
    pub async fn assert_layout_fits(&self, context: &str) {
        let found = self
            .client()
            .execute(LAYOUT_CHECK, vec![])
            .await
            .unwrap_or_default();
        let spills: Vec<String> = serde_json::from_value(found).unwrap_or_default();
        assert!(
            spills.is_empty(),
            "the window's layout at {}x{} does not fit (checked before clicking {}): {}",
            self.screen.0,
            self.screen.1,
            selector(context),
            spills.join("; ")
        );
    }

    /// What keeps the element from a click: outside the window, clipped by a container or
    /// covered by another element (its test id or tag), or "" when nothing seems to.
    async fn why_hidden(&self, element: &Element) -> String {
        let target = serde_json::to_value(element).unwrap_or_default();
        let found = self
            .client()
            .execute(WHY_HIDDEN, vec![target])
            .await
            .unwrap_or_default();
        found.as_str().unwrap_or("no reason found").to_string()
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
                    self.assert_layout_fits(testid).await;
                    self.scroll_into_view(&target).await;
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
