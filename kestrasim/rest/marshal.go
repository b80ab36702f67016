package rest

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Marshal encodes v as encoding/json does, except that a struct field whose
// value encodes to null is left out. Kestra serialises every response with
// Jackson's NON_NULL inclusion (JacksonMapper in kestra-io/kestra,
// core/src/main/java/io/kestra/core/serializers/JacksonMapper.java), which
// drops null properties of objects but keeps null map values, null array
// elements and null values inside raw JSON; Marshal does the same, so a
// struct field typed *string or []T can be left nil instead of being tagged
// type by type.
func Marshal(v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil || !bytes.Contains(data, []byte("null")) {
		// the common case: nothing to leave out
		return data, err
	}
	var buf bytes.Buffer
	if err := encode(&buf, reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// encode writes v, leaving out null struct fields at every depth.
func encode(buf *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	t := v.Type()
	if t.Implements(marshalerType) || t.Implements(textMarshalerType) {
		return delegate(buf, v)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return encode(buf, v.Elem())
	case reflect.Struct:
		return encodeStruct(buf, v)
	case reflect.Map:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		if t.Key().Kind() != reflect.String || t.Key().Implements(textMarshalerType) {
			return delegate(buf, v)
		}
		return encodeMap(buf, v)
	case reflect.Slice:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 && !reflect.PointerTo(t.Elem()).Implements(marshalerType) &&
			!reflect.PointerTo(t.Elem()).Implements(textMarshalerType) {
			return delegate(buf, v) // []byte is base64 text
		}
		return encodeList(buf, v)
	case reflect.Array:
		return encodeList(buf, v)
	}
	return delegate(buf, v)
}

// delegate encodes v with encoding/json.
func delegate(buf *bytes.Buffer, v reflect.Value) error {
	data, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	buf.Write(data)
	return nil
}

func encodeList(buf *bytes.Buffer, v reflect.Value) error {
	buf.WriteByte('[')
	for i := range v.Len() {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := encode(buf, v.Index(i)); err != nil {
			return err
		}
	}
	buf.WriteByte(']')
	return nil
}

func encodeMap(buf *bytes.Buffer, v reflect.Value) error {
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		name, err := json.Marshal(k.String())
		if err != nil {
			return err
		}
		buf.Write(name)
		buf.WriteByte(':')
		if err := encode(buf, v.MapIndex(k)); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func encodeStruct(buf *bytes.Buffer, v reflect.Value) error {
	buf.WriteByte('{')
	first := true
	var field bytes.Buffer
	for _, f := range structFields(v.Type()) {
		fv, ok := fieldByIndex(v, f.index)
		if !ok {
			continue // promoted through a nil embedded pointer
		}
		if (f.omitEmpty && isEmpty(fv)) || (f.omitZero && isZero(fv)) {
			continue
		}
		field.Reset()
		if err := encode(&field, fv); err != nil {
			return err
		}
		if bytes.Equal(field.Bytes(), []byte("null")) {
			continue // NON_NULL: a null property is not written
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.Write(f.nameJSON)
		buf.WriteByte(':')
		if f.quoted && quotable(fv) {
			quoted, _ := json.Marshal(field.String())
			buf.Write(quoted)
		} else {
			buf.Write(field.Bytes())
		}
	}
	buf.WriteByte('}')
	return nil
}

// fieldByIndex follows an index path, reporting false when it crosses a nil
// embedded pointer.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// quotable reports whether the ",string" option applies to v, as in
// encoding/json: booleans, numbers and strings.
func quotable(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
		return true
	}
	return false
}

// isEmpty is encoding/json's omitempty test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZero is encoding/json's omitzero test: an IsZero method when there is
// one, else the zero value.
func isZero(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return true
		}
		return z.IsZero()
	}
	return v.IsZero()
}

// jsonField is one encoded field of a struct type.
type jsonField struct {
	name      string
	nameJSON  []byte
	index     []int
	depth     int
	tagged    bool
	omitEmpty bool
	omitZero  bool
	quoted    bool
}

var fieldCache sync.Map // reflect.Type -> []jsonField

// structFields lists the fields encoding/json writes for t, in its order,
// with its rules for embedded structs: their fields are promoted; between
// fields of the same JSON name the shallowest wins, then a tagged one, and
// ambiguous ones are dropped.
func structFields(t reflect.Type) []jsonField {
	if cached, ok := fieldCache.Load(t); ok {
		return cached.([]jsonField)
	}
	var all []jsonField
	for _, sf := range reflect.VisibleFields(t) {
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			continue // promoted: its fields follow in VisibleFields
		}
		if !sf.IsExported() {
			continue
		}
		f := jsonField{name: sf.Name, index: sf.Index, depth: len(sf.Index), tagged: name != ""}
		if name != "" {
			f.name = name
		}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "omitempty":
				f.omitEmpty = true
			case "omitzero":
				f.omitZero = true
			case "string":
				f.quoted = true
			}
		}
		f.nameJSON, _ = json.Marshal(f.name)
		all = append(all, f)
	}
	var out []jsonField
	for i, f := range all {
		if dominant(all, f) {
			out = append(out, all[i])
		}
	}
	fieldCache.Store(t, out)
	return out
}

// dominant reports whether f is the field encoding/json keeps for its name.
func dominant(all []jsonField, f jsonField) bool {
	for _, o := range all {
		if o.name != f.name || slices.Equal(o.index, f.index) {
			continue
		}
		switch {
		case o.depth < f.depth:
			return false
		case o.depth == f.depth && o.tagged && !f.tagged:
			return false
		case o.depth == f.depth && o.tagged == f.tagged:
			return false // ambiguous: encoding/json drops both
		}
	}
	return true
}
