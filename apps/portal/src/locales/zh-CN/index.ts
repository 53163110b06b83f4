import account from './account';
import apiKeys from './apiKeys';
import audit from './audit';
import auth from './auth';
import billing from './billing';
import common from './common';
import developer from './developer';
import errors from './errors';
import home from './home';
import menu from './menu';
import messages from './messages';
import orgs from './orgs';
import signups from './signups';
import users from './users';

/** The console's strings by area (one file per area, zh-CN the source locale). */
export default {
  common,
  menu,
  errors,
  auth,
  signups,
  account,
  orgs,
  users,
  audit,
  apiKeys,
  developer,
  home,
  messages,
  billing,
};
