package browsertest

import (
	"context"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

type context_ = context.Context

// disableScripts turns JavaScript off in the tab, as a visitor may have it.
func disableScripts(ctx context.Context, t *chromedp.Target) error {
	_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
}

// visitorDate makes the tab's clock read noon (Beijing) of day, as a
// visitor's would on that day, for every page loaded after it.
func visitorDate(day string) chromedp.Action[chromedp.Void] {
	js := `(() => { const D = Date, at = D.parse("` + day + `T12:00:00+08:00");
  Date = class extends D { constructor(...a) { super(...(a.length ? a : [at])); } static now() { return at; } }; })();`
	return onEveryPage(js)
}

// phone lays the tab out as a 390 × 844 phone screen (a headless window
// cannot be narrower than 500 px).
func phone() chromedp.Action[chromedp.Void] { return screen(390, 844, 2, true) }

// desktop lays the tab out as a 1280 × 800 laptop screen.
func desktop() chromedp.Action[chromedp.Void] { return screen(1280, 800, 1, false) }

func screen(width, height int64, scale float64, mobile bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: height, DeviceScaleFactor: scale, Mobile: mobile})
		return err
	})
}

// typed puts text into the box with the id as pasting or an input method
// does: the browser's editing inserts it at the caret, in one input event.
// The tests of typing itself (a key at a time, corrections, the keyboard
// alone) use SendKeys, which costs a round trip to the browser per key.
func typed(id, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.Focus(chromedp.ID(id)), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
}
