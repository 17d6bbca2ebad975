process.env.KEYWARD_TEST_DB = 'sqlite';
