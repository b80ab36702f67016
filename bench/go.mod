module github.com/kestractl/kestractl/bench

go 1.26.0

require github.com/kestractl/kestractl/plugins/workers v0.0.0

replace (
	github.com/kestractl/kestractl/plugins/workers => ../plugins/workers
	github.com/kestractl/kestractl/sdk => ../sdk
)
