module github.com/kestractl/kestractl/plugins/flows

go 1.26.0

require github.com/kestractl/kestractl/sdk v0.0.0

replace github.com/kestractl/kestractl/sdk => ../../sdk
