package commands

import (
	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/plugins/iam/validate"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// maxPageSize bounds --size.
const maxPageSize = 10000

// Paging are the flags of list commands.
type Paging struct {
	Page *int     `help:"Fetch only this page (from 1). Without --page and --size, every page is fetched." placeholder:"N"`
	Size *int     `help:"Page size; with --size alone, only the first page is fetched (default 100)." placeholder:"N"`
	Sort []string `help:"Sort by FIELD[:asc|desc], repeatable or comma-separated (e.g. name:asc)." placeholder:"FIELD[:DIR]"`
}

// query checks the flags and returns the list request.
func (p Paging) query() (iamapi.Query, error) {
	var q iamapi.Query
	if p.Page != nil {
		if *p.Page < 1 {
			return q, cmderr.Usagef("--page must be 1 or more, got %d", *p.Page)
		}
		q.Page = *p.Page
	}
	if p.Size != nil {
		if *p.Size < 1 || *p.Size > maxPageSize {
			return q, cmderr.Usagef("--size must be between 1 and %d, got %d", maxPageSize, *p.Size)
		}
		q.Size = *p.Size
		if q.Page == 0 {
			q.Page = 1
		}
	}
	sort, err := validate.Sort(p.Sort)
	if err != nil {
		return q, cmderr.Usagef("%v", err)
	}
	q.Sort = sort
	return q, nil
}
