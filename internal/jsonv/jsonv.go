// Package jsonv is a small, strict JSON (RFC 8259) parser and writer.
//
// It exists because encoding/json (and the fmt and reflect packages it
// pulls in) would more than double the size of the WebAssembly module.
// Parse accepts exactly the documents encoding/json.Valid accepts, except
// that it refuses duplicate object keys and nesting deeper than MaxDepth.
// Strings are decoded the way encoding/json decodes them (invalid UTF-8
// and lone surrogates become U+FFFD), and AppendString escapes the way
// encoding/json does with HTML escaping turned off, so output written here
// is byte for byte what encoding/json would write.
package jsonv

import "errors"

// MaxDepth is the deepest nesting of arrays and objects Parse accepts.
const MaxDepth = 32

// Kind is the JSON type of a Value.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// Value is a parsed JSON value. Only the fields that belong to its Kind are
// set: Bool for Bool; Str for String (decoded) and Number (the literal as
// written, which is valid JSON number syntax); Items for Array; Members for
// Object, in document order.
type Value struct {
	Kind    Kind
	Bool    bool
	Str     string
	Items   []Value
	Members []Member
}

// Member is one key/value pair of an object.
type Member struct {
	Key   string
	Value Value
}

// Get returns the member value for key of an object, or nil if v is not an
// object or has no such key.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i := range v.Members {
		if v.Members[i].Key == key {
			return &v.Members[i].Value
		}
	}
	return nil
}

// Errors returned by Parse. ErrSyntax covers everything encoding/json would
// also reject.
var (
	ErrSyntax       = errors.New("jsonv: invalid JSON")
	ErrDepth        = errors.New("jsonv: nesting too deep")
	ErrDuplicateKey = errors.New("jsonv: duplicate object key")
)
