#!/usr/bin/env node
'use strict';
require('../../../tools/runtime/register');
require('../src/main.ts');
