//go:build js && wasm

package main

import (
	"syscall/js"
	"testing"
)

// TestJSAPI calls the registered global as the page does.
func TestJSAPI(t *testing.T) {
	register()
	m := js.Global().Get("molnkollen")
	if m.Type() != js.TypeObject {
		t.Fatalf("molnkollen is %v", m.Type())
	}
	res := m.Call("evaluate", `{"central":{"value":"ja"}}`)
	if v := res.Get("outcomes").Index(0).String(); v != "lokal-drift" {
		t.Errorf("first outcome %q", v)
	}
	if !js.Global().Get("Array").Call("isArray", res.Get("open")).Bool() || res.Get("open").Index(0).String() != "okanslig:unanswered" {
		t.Errorf("open is not an array starting with okanslig:unanswered")
	}
	if res.Get("error").Type() != js.TypeUndefined {
		t.Errorf("unexpected error %v", res.Get("error"))
	}

	exp := m.Call("exportFile", `{"1a":{"value":"ja","note":"<img src=x onerror=alert(1)>"}}`, "2026-11-27T09:30:00.000Z")
	file := exp.Get("json").String()
	imp := m.Call("importFile", file)
	if imp.Get("fingerprint").String() != exp.Get("fingerprint").String() {
		t.Errorf("fingerprints differ")
	}
	if got := imp.Get("answers").String(); got != `{"1a":{"note":"<img src=x onerror=alert(1)>","value":"ja"}}` {
		t.Errorf("answers %s", got)
	}

	for name, res := range map[string]js.Value{
		"no argument":     m.Call("evaluate"),
		"number":          m.Call("evaluate", 1),
		"object":          m.Call("importFile", js.Global().Get("Object").New()),
		"one of two args": m.Call("exportFile", `{}`),
		"undefined":       m.Call("exportFile", `{}`, js.Undefined()),
	} {
		if res.Get("error").String() != codeInternal {
			t.Errorf("%s: error %v", name, res.Get("error"))
		}
	}
	if got := m.Call("importFile", "not json").Get("error").String(); got != "not-json" {
		t.Errorf("importFile(not json) error %q", got)
	}
}
