process.stdout.write('tsukimi\n');
