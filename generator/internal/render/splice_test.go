package render

import "testing"

func TestSplice(t *testing.T) {
	tests := []struct {
		name, data, old, cur, want string
		ok                         bool
	}{
		{"middle", `[{"s":"a"},{"s":"b"}]`, `{"s":"a"}`, `{"s":"a","h":"H"}`, `[{"s":"a","h":"H"},{"s":"b"}]`, true},
		{"end", `[{"s":"a"},{"s":"b"}]`, `{"s":"b"}`, `{"s":"c"}`, `[{"s":"a"},{"s":"c"}]`, true},
		{"missing", `[{"s":"a"}]`, `{"s":"b"}`, `{"s":"c"}`, "", false},
		{"twice", `[{"s":"a"},{"s":"a"}]`, `{"s":"a"}`, `{"s":"c"}`, "", false},
		{"overlapping", `aaa`, `aa`, `b`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			got, ok := Splice(data, []byte(tt.old), []byte(tt.cur), nil)
			if ok != tt.ok || string(got) != tt.want {
				t.Errorf("Splice = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
			if string(data) != tt.data {
				t.Errorf("data changed to %q", data)
			}
		})
	}
}
