package tomldecode

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

type text map[string]string

type detachCase struct {
	Name   string
	Label  text
	Tags   []string
	Free   map[string]any
	Inner  *detachCase
	hidden string
}

// Every string that a decoded value reaches stops sharing the file's text,
// and keeps its value.
func TestDetachCopiesEveryString(t *testing.T) {
	src := strings.Repeat("abcdefghij", 100)
	part := func(i int) string { return src[i*3 : i*3+3] }
	v := &detachCase{
		Name:  part(0),
		Label: text{part(1): part(2), part(3): part(4)},
		Tags:  []string{part(5), part(6)},
		Free: map[string]any{
			part(7): part(8),
			part(9): []any{part(10), map[string]any{part(11): part(12)}},
			"n":     int64(3),
		},
		Inner:  &detachCase{Name: part(13), Label: text{part(14): part(15)}},
		hidden: part(16),
	}
	want := &detachCase{}
	copyOf(v, want)
	detach(reflect.ValueOf(v))
	v.hidden, want.hidden = "", ""
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("detach changed the value:\n%#v\nwant\n%#v", v, want)
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(src)))
	var shared []string
	walkStrings(reflect.ValueOf(v), func(s string) {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= start && p < start+uintptr(len(src)) {
			shared = append(shared, s)
		}
	})
	if len(shared) > 0 {
		t.Errorf("these strings still share the file's text: %q", shared)
	}
}

// copyOf deep-copies through the strings' values, so that the copy shares
// nothing with src but its letters.
func copyOf(from, to *detachCase) {
	*to = *from
	if from.Label != nil {
		to.Label = text{}
		for k, v := range from.Label {
			to.Label[k] = v
		}
	}
	to.Tags = append([]string(nil), from.Tags...)
	if from.Free != nil {
		to.Free = map[string]any{}
		for k, v := range from.Free {
			to.Free[k] = v
		}
	}
	if from.Inner != nil {
		to.Inner = &detachCase{}
		copyOf(from.Inner, to.Inner)
	}
}

func walkStrings(v reflect.Value, f func(string)) {
	switch v.Kind() {
	case reflect.String:
		f(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkStrings(v.Field(i), f)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkStrings(v.Index(i), f)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			walkStrings(iter.Key(), f)
			walkStrings(iter.Value(), f)
		}
	}
}
