package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// toAny converts v into what encoding/json with UseNumber decodes.
func toAny(v *Value) any {
	switch v.Kind {
	case Null:
		return nil
	case Bool:
		return v.Bool
	case Number:
		return json.Number(v.Str)
	case String:
		return v.Str
	case Array:
		a := make([]any, len(v.Items))
		for i := range v.Items {
			a[i] = toAny(&v.Items[i])
		}
		return a
	}
	m := make(map[string]any, len(v.Members))
	for i := range v.Members {
		m[v.Members[i].Key] = toAny(&v.Members[i].Value)
	}
	return m
}

// stdDecode decodes data as encoding/json does, keeping number literals.
func stdDecode(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		t.Fatalf("encoding/json cannot decode %q: %v", data, err)
	}
	return x
}

// stdMarshal marshals x as encoding/json does with HTML escaping off.
func stdMarshal(t testing.TB, x any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(x); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// shape reports the maximum nesting depth of a valid document and whether
// any object in it repeats a key, using encoding/json's tokenizer.
func shape(t testing.TB, data []byte) (depth int, dup bool) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		obj     bool
		keys    map[string]bool
		wantKey bool
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return depth, dup
		}
		if err != nil {
			t.Fatalf("tokenizing %q: %v", data, err)
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		isKey := top != nil && top.obj && top.wantKey
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].obj {
				stack[len(stack)-1].wantKey = true
			}
			continue
		}
		if isKey {
			k := tok.(string)
			if top.keys[k] {
				dup = true
			}
			top.keys[k] = true
			top.wantKey = false
			continue
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{obj: d == '{', keys: map[string]bool{}, wantKey: true})
			depth = max(depth, len(stack))
			continue
		}
		if top != nil && top.obj {
			top.wantKey = true
		}
	}
}

// check is the differential property: Parse accepts exactly what
// encoding/json accepts (within the depth limit, without duplicate keys),
// decodes to the same value, and writes what encoding/json writes.
func check(t testing.TB, data []byte) {
	v, err := Parse(data)
	valid := json.Valid(data)
	if err != nil {
		if !valid {
			// Any error will do; a too-deep prefix may be reported as ErrDepth.
			return
		}
		depth, dup := shape(t, data)
		switch {
		case errors.Is(err, ErrDepth) && depth > MaxDepth:
		case errors.Is(err, ErrDuplicateKey) && dup:
		default:
			t.Fatalf("Parse(%q) = %v, but encoding/json accepts it (depth %d, dup %v)", data, err, depth, dup)
		}
		return
	}
	if !valid {
		t.Fatalf("Parse(%q) accepted invalid JSON", data)
	}
	want := stdDecode(t, data)
	if got := toAny(&v); !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse(%q) = %#v, encoding/json decodes %#v", data, got, want)
	}
	canon := AppendCanonical(nil, &v)
	if want := stdMarshal(t, want); !bytes.Equal(canon, want) {
		t.Fatalf("canonical form of %q:\n got %s\nwant %s", data, canon, want)
	}
	ind := AppendIndent(nil, &v, "  ")
	v2, err := Parse(ind)
	if err != nil {
		t.Fatalf("re-parsing indented %q: %v", ind, err)
	}
	if !reflect.DeepEqual(toAny(&v2), toAny(&v)) {
		t.Fatalf("indented form of %q does not round-trip: %s", data, ind)
	}
	var std bytes.Buffer
	var compact bytes.Buffer
	if err := json.Compact(&compact, ind); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&std, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(std.Bytes(), ind) {
		t.Fatalf("indented form of %q differs from json.Indent:\n got %s\nwant %s", data, ind, std.Bytes())
	}
}

var cases = []string{
	`null`, `true`, `false`, `0`, `-0`, `1.5e10`, `-1E-2`, `1e+2`, `123456789012345678901234567890`,
	`""`, `"a"`, `"\"\\\/\b\f\n\r\t"`, `"\u00e5\u00C5"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00"`,
	`"\ud83d\u0041"`, `"\ud83dx"`, "\"\xff\"", "\"a\xc3\"", "\"\xed\xa0\x80\"", `"\u2028\u2029"`,
	"\"\u2028\"", `"<img src=x onerror=alert(1)>&"`, `"\u0000\u001f\u007f"`, "\"\x7f\"",
	`[]`, `{}`, ` [1, "a", {"b": null}] `, `{"b":1,"a":{"d":[true,false],"c":""}}`,
	`{"a":1,"a":2}`, `{"a":{"x":1},"b":{"x":2}}`, `{"":1}`,
	strings.Repeat("[", 32) + strings.Repeat("]", 32),
	strings.Repeat("[", 33) + strings.Repeat("]", 33),
	strings.Repeat(`{"a":`, 33) + "1" + strings.Repeat("}", 33),
	// Invalid documents.
	``, ` `, `nul`, `truex`, `01`, `-`, `1.`, `.5`, `1e`, `+1`, `0x1`, `NaN`, `[1,]`, `{"a":1,}`,
	`{"a"}`, `{a:1}`, `{'a':1}`, `"abc`, `"\x"`, `"\'"`, `"\u12"`, `"\u12g4"`, "\"\x01\"", "\"\n\"",
	`[1 2]`, `{"a":1 "b":2}`, `1 2`, `[`, `]`, `{`, `}`, `[}`, `{]`, `"a"x`, "\ufeff1", `tru`, `[true`,
}

func TestParseDifferential(t *testing.T) {
	for _, c := range cases {
		check(t, []byte(c))
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{`{"a":1,"a":2}`, ErrDuplicateKey},
		{strings.Repeat("[", 33) + strings.Repeat("]", 33), ErrDepth},
		{`[1,]`, ErrSyntax},
		{`"a" "b"`, ErrSyntax},
	}
	for _, tt := range tests {
		if _, err := Parse([]byte(tt.in)); !errors.Is(err, tt.want) {
			t.Errorf("Parse(%q) error = %v, want %v", tt.in, err, tt.want)
		}
	}
	if _, err := Parse([]byte(strings.Repeat("[", 32) + strings.Repeat("]", 32))); err != nil {
		t.Errorf("depth 32 refused: %v", err)
	}
}

func TestDecodedStrings(t *testing.T) {
	tests := map[string]string{
		`"\ud83d\ude00"`: "😀",
		`"\ud83d"`:       "\ufffd",
		`"\ud83d\u0041"`: "\ufffdA",
		"\"a\xffb\"":     "a\ufffdb",
		`"\u00e5"`:       "å",
		`"\/"`:           "/",
	}
	for in, want := range tests {
		v, err := Parse([]byte(in))
		if err != nil || v.Kind != String || v.Str != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, v.Str, err, want)
		}
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "<a href=\"x\">&amp;</a>", "\x00\x01\x1f\x7f", "\b\f\n\r\t",
		"\u2028\u2029", "a\xffb", "\xed\xa0\x80", "åäö 😀", `\"`} {
		if got, want := AppendString(nil, s), stdMarshal(t, s); !bytes.Equal(got, want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestGet(t *testing.T) {
	v, err := Parse([]byte(`{"a":{"b":"c"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Get("a").Get("b"); got == nil || got.Str != "c" {
		t.Errorf("Get(a).Get(b) = %v", got)
	}
	if v.Get("x") != nil || v.Get("a").Get("b").Get("c") != nil {
		t.Error("Get of a missing key or a non-object must be nil")
	}
}

func FuzzParse(f *testing.F) {
	for _, c := range cases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check(t, data)
	})
}

// TestDuplicateKeysInLargeObjects covers the set the parser switches to for
// objects with many members: a duplicate is still found wherever it is, and
// distinct keys are all kept.
func TestDuplicateKeysInLargeObjects(t *testing.T) {
	for _, n := range []int{15, 16, 17, 40, 5000} {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"k` + strconv.Itoa(i) + `":1`)
		}
		v, err := Parse([]byte(b.String() + "}"))
		if err != nil || len(v.Members) != n {
			t.Errorf("%d distinct keys: %d members, %v", n, len(v.Members), err)
		}
		for _, dup := range []int{0, n / 2, n - 1} {
			s := b.String() + `,"k` + strconv.Itoa(dup) + `":2}`
			if _, err := Parse([]byte(s)); !errors.Is(err, ErrDuplicateKey) {
				t.Errorf("%d keys, k%d twice: err = %v, want ErrDuplicateKey", n, dup, err)
			}
		}
	}
}
