// Original file: libs/proto/proto/tsukimi/v1/common.proto


export interface DescribeRequest {
}

export interface DescribeRequest__Output {
}
