process.env.KEYWARD_TEST_DB = 'mariadb';
