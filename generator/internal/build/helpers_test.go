package build_test

import (
	"time"

	"derma/generator/internal/site"
)

func optsAt(t time.Time) site.Options { return site.Options{Now: t} }
