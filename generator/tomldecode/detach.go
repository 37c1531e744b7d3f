package tomldecode

import (
	"reflect"
	"strings"
)

// detach gives every string that v reaches (fields, elements, map keys and
// values, what pointers and interfaces hold) a copy of its own. The decoder
// slices its strings, and the keys of tables such as label.zh, out of the
// file's whole text, so one label kept would keep the whole file: on a large
// site, the text of every rules file and front matter stayed in memory to
// the end of the build. Unexported fields are left alone: the types that
// have them (decimals, times) parse what they keep.
func detach(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(strings.Clone(v.String()))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			detach(v.Elem())
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if e.Kind() == reflect.String {
			if v.CanSet() {
				v.Set(reflect.ValueOf(strings.Clone(e.String())).Convert(e.Type()))
			}
			return
		}
		detach(e) // a slice's elements and a map's entries can be set from a copy
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				detach(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			detach(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		iter := v.MapRange()
		type entry struct{ k, v reflect.Value }
		var entries []entry
		for iter.Next() {
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(iter.Value())
			detach(val)
			key := iter.Key()
			if key.Kind() == reflect.String {
				key = reflect.ValueOf(strings.Clone(key.String())).Convert(key.Type())
			}
			entries = append(entries, entry{key, val})
		}
		// Setting an equal string key replaces the key the map holds.
		for _, e := range entries {
			v.SetMapIndex(e.k, e.v)
		}
	}
}
