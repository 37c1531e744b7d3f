package tomldecode

import (
	"reflect"
	"sync"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// settle gives every date that v holds one meaning on every machine. The
// decoder reads a date written without a zone (2025-04-13) as midnight in
// the machine's zone into a time.Time, and as a toml.LocalDate into a
// free-form value (an answer, an expectation): both become the same
// midnight in UTC, so that a build does not depend on the machine's TZ and
// the code that reads answers meets one type for a date.
func settle(v reflect.Value) {
	if !mayHoldTime(v.Type()) {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			settle(v.Elem())
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if t, ok := asTime(e.Interface()); ok {
			v.Set(reflect.ValueOf(t))
			return
		}
		if e.Kind() == reflect.Map || e.Kind() == reflect.Slice || e.Kind() == reflect.Pointer {
			settle(e) // their elements can be set through a copy
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if t, ok := asTime(v.Interface()); ok && v.CanSet() {
				v.Set(reflect.ValueOf(t))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				settle(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			settle(v.Index(i))
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(iter.Value())
			settle(val)
			v.SetMapIndex(iter.Key(), val)
		}
	}
}

// asTime turns a date, time or date-time without a zone into a time.Time
// in UTC, with the same clock reading.
func asTime(x any) (time.Time, bool) {
	switch t := x.(type) {
	case time.Time:
		if t.Location() == time.Local {
			return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), true
		}
		return t, true
	case toml.LocalDate:
		return t.AsTime(time.UTC), true
	case toml.LocalDateTime:
		return t.AsTime(time.UTC), true
	case toml.LocalTime:
		return time.Date(0, 1, 1, t.Hour, t.Minute, t.Second, t.Nanosecond, time.UTC), true
	}
	return time.Time{}, false
}

var timeType = reflect.TypeFor[time.Time]()

// mayHold remembers, for each type settle has met, whether a value of it can
// hold a date: the texts and lists of a rules file cannot, and are not
// walked.
var mayHold sync.Map // reflect.Type → bool

func mayHoldTime(t reflect.Type) bool {
	if b, ok := mayHold.Load(t); ok {
		return b.(bool)
	}
	b := holdsTime(t, map[reflect.Type]bool{})
	mayHold.Store(t, b)
	return b
}

func holdsTime(t reflect.Type, seen map[reflect.Type]bool) bool {
	if t == timeType || t.Kind() == reflect.Interface {
		return true
	}
	if seen[t] {
		return false // a type that holds itself holds a time only through another part
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return holdsTime(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() && holdsTime(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}
