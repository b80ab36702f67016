module github.com/kestractl/kestractl/plugins/artifacts

go 1.26.0

require github.com/kestractl/kestractl/sdk v0.0.0

require gopkg.in/yaml.v3 v3.0.1 // indirect

replace github.com/kestractl/kestractl/sdk => ../../sdk
