package rest

import (
	"slices"
	"strings"
	"time"
)

// FieldOps is a field of a QueryFilter resource and the operations it
// supports (QueryFilter.Field.supportedOp).
type FieldOps struct {
	Field string
	Ops   []string
}

// Resource is a resource of Kestra's QueryFilter: the fields its searches
// filter on, in the order its error message lists them
// (QueryFilter.Resource.supportedField, kestra-io/kestra,
// core/src/main/java/io/kestra/core/models/QueryFilter.java).
type Resource struct {
	Name   string
	Fields []FieldOps
}

// Validate checks fs as QueryFilter.validateQueryFilters does (each field
// belongs to the resource and supports the operation), checks the dates of
// startDate and endDate filters, then the values of each filter with check
// (nil checks nothing more). It returns the time a timeRange filter reaches
// back to from now (zero without one).
func (res Resource) Validate(fs Filters, now time.Time, check func(Filter) error) (time.Time, error) {
	var since time.Time
	for _, f := range fs {
		i := slices.IndexFunc(res.Fields, func(fo FieldOps) bool { return fo.Field == f.Field })
		if i < 0 {
			names := make([]string, len(res.Fields))
			for j, fo := range res.Fields {
				names[j] = fo.Field
			}
			return since, InvalidFilters("Field %s is not supported for resource %s. Supported fields are %s", f.Field, res.Name, strings.Join(names, ", "))
		}
		if ops := res.Fields[i].Ops; !slices.Contains(ops, f.Op) {
			return since, InvalidFilters("Operation %s is not supported for field %s. Supported operations are %s", f.Op, f.Field, strings.Join(ops, ", "))
		}
		var err error
		switch f.Field {
		case "timeRange":
			since, err = f.Since(now)
		case "startDate", "endDate":
			err = f.CheckDate()
		}
		if err == nil && check != nil {
			err = check(f)
		}
		if err != nil {
			return since, err
		}
	}
	return since, nil
}
