//go:build js && wasm

package main

import (
	"syscall/js"

	"molnkollen/internal/shipped"
)

func main() {
	register()
	select {} // keep the callbacks alive for the page's lifetime
}

// register sets the global molnkollen object. The rules, today's and the
// archived ones, are compiled in (internal/shipped): nothing is parsed at
// start-up.
func register() {
	a := &api{rules: shipped.Rules(), archived: shipped.Archived}
	obj := js.Global().Get("Object").New()
	obj.Set("evaluate", fn("evaluate", 1, func(s []string) map[string]any { return a.evaluate(s[0]) }))
	obj.Set("exportFile", fn("exportFile", 2, func(s []string) map[string]any { return a.exportFile(s[0], s[1]) }))
	obj.Set("importFile", fn("importFile", 1, func(s []string) map[string]any { return a.importFile(s[0]) }))
	obj.Set("verifyFile", fn("verifyFile", 1, func(s []string) map[string]any { return a.verifyFile(s[0]) }))
	obj.Set("compareFiles", fn("compareFiles", 2, func(s []string) map[string]any { return a.compareFiles(s[0], s[1]) }))
	obj.Set("recordDecision", fn("recordDecision", 2, func(s []string) map[string]any { return a.recordDecision(s[0], s[1]) }))
	js.Global().Set("molnkollen", obj)
}

// fn wraps an API function as a JavaScript function taking n strings.
func fn(name string, n int, f func([]string) map[string]any) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		in := make([]any, len(args))
		for i, v := range args {
			if v.Type() == js.TypeString {
				in[i] = v.String()
			} else {
				in[i] = nil
			}
		}
		return js.ValueOf(call(name, n, in, f))
	})
}
