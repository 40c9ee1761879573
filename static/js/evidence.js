// The evidence page: conversion progress.
import "./progress.js";
