package wire

import (
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// ToProto converts a coded error to its wire form.
func ToProto(e *cmderr.Error) *pb.Error {
	if e == nil {
		return nil
	}
	code := e.Code
	if code == cmderr.Unspecified {
		code = cmderr.Generic
	}
	return &pb.Error{Code: pb.Code(code), Message: e.Error(), Hint: e.Hint, Details: e.Details, Silent: e.Silent}
}

// FromProto converts a wire error to a coded error.
func FromProto(e *pb.Error) *cmderr.Error {
	if e == nil {
		return nil
	}
	return &cmderr.Error{Code: cmderr.Code(e.GetCode()), Message: e.GetMessage(), Hint: e.GetHint(), Details: e.GetDetails(), Silent: e.GetSilent()}
}
